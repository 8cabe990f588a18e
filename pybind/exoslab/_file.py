"""File: Pythonic access to one Exodus II file through the C extension.

Every bulk accessor takes a slab ``start, count`` (0-based entries,
``count=None``: to the end), a ``dtype`` (float64/float32 for real data,
int64/int32 for ids and connectivity; None: out's dtype, else float64 for
real data and int64 for integers) and an optional ``out=`` array that is
filled in place (dtype, shape, C order and writeability are checked). Without ``out=`` numpy allocates the result and the
library fills it in its single read pass: no second copy is made.
Node/element numbers in connectivity, sets and maps are 1-based, as stored.
"""
import collections.abc
import os
import typing

import numpy as np

from . import _ext
from ._kinds import (BLOCK_KINDS, MAP_KINDS, SET_KINDS, Conn, Inq, Kind,
                     FORMAT_NAMES, conn_of, format_of, kind_of, map_kind_of)


class EntityInfo(typing.NamedTuple):
    """One block, set or named map. Fields that do not apply are 0 / ""."""
    kind: Kind
    id: int
    index: int            # 1-based position in the file
    num_entries: int      # entries of a block, members of a set
    nodes_per_entry: int  # NSIDED: total nodes of the block
    edges_per_entry: int
    faces_per_entry: int  # NFACED: total faces of the block
    num_attr: int
    num_df: int           # sets: distribution factors
    offset: int           # blocks: 0-based global index of the first entry
    topology: str         # normalised family ("HEX", "NSIDED", ...)
    type: str             # element type as stored ("HEX8", "hex", ...)
    name: str

    @property
    def size(self):
        """num_entries."""
        return self.num_entries


class Entities(collections.abc.Mapping):
    """The blocks (sets, maps) of one kind: a mapping id -> EntityInfo in
    file order. ``.ids`` is the int64 array of ids, ``.infos`` the list of
    all EntityInfo in file order (a file may repeat an id, e.g. unwritten
    placeholder sets with id -1: the mapping keeps the first, ``.infos`` and
    ``.ids`` keep all), ``by_name(name)`` looks one up by name."""

    def __init__(self, kind, infos):
        self.kind = kind
        self.infos = list(infos)
        self._infos = {}
        for i in self.infos:
            self._infos.setdefault(i.id, i)
        self.ids = np.array([i.id for i in self.infos], dtype=None)

    def __getitem__(self, id):
        try:
            return self._infos[int(id)]
        except KeyError:
            raise _ext.NotFoundError(
                f"no {self.kind.name.lower()} with id {id}; ids are "
                f"{list(self._infos)}") from None

    def __iter__(self):
        return iter(self._infos)

    def __len__(self):
        return len(self._infos)

    def by_name(self, name):
        for i in self._infos.values():
            if i.name == name:
                return i
        raise _ext.NotFoundError(f"no {self.kind.name.lower()} named {name!r}")

    def __repr__(self):
        return f"<{self.kind.name.lower()}s {list(self._infos)}>"


class Partition(typing.NamedTuple):
    """This rank's contiguous, chunk-aligned slabs (f.partition())."""
    node_start: int
    node_count: int
    elem_start: int
    elem_count: int
    node_chunk: int
    elem_chunk: int

    @property
    def nodes(self):
        """slice of this rank's nodes (0-based)."""
        return slice(self.node_start, self.node_start + self.node_count)

    @property
    def elems(self):
        """slice of this rank's elements (0-based, file order)."""
        return slice(self.elem_start, self.elem_start + self.elem_count)


def _slabs(start, count, step):
    """(start, count) slabs of [start, start+count) whose boundaries lie on
    multiples of step (as exs_iter_next): whole chunks after the first."""
    end = start + count
    while start < end:
        stop = min((start // step + 1) * step, end)
        yield start, stop - start
        start = stop


_MODES = {"r": _ext.EXS_READ, "r+": _ext.EXS_WRITE, "a": _ext.EXS_WRITE}


class File:
    """An open Exodus II file. Use as a context manager, or close().

    ``exoslab.File(path, mode="r", comm=None)`` opens a file, as
    :func:`exoslab.open` does; :func:`exoslab.create` makes new ones.
    """

    def __init__(self, path, mode="r", comm=None, *, _handle=None):
        if _handle is None:
            if mode not in _MODES:
                raise _ext.ArgumentError(
                    f"mode {mode!r}: use 'r', 'r+' or 'a' (exoslab.create makes new files)")
            _handle = _ext.open(path, _MODES[mode], comm)
        self._h = _handle
        self.path = os.fspath(path)
        self.mode = mode
        self._cache = {}

    # ---- life cycle ---------------------------------------------------
    def close(self):
        """Flush and close. Collective for a parallel file. Idempotent."""
        self._h.close()

    @property
    def closed(self):
        return self._h.closed

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        state = "closed" if self.closed else f"{self.format}, mode {self.mode!r}"
        return f"<exoslab.File {self.path!r} ({state})>"

    def sync(self):
        """Flush what was written so far."""
        self._h.sync()

    # ---- scalars --------------------------------------------------------
    def inquire(self, what):
        """One fact from exs_inquire (an Inq, its int, or its name)."""
        if isinstance(what, str):
            what = Inq[what.upper()]
        return self._h.inquire(int(what))

    num_dim = property(lambda self: self._h.inquire(Inq.NUM_DIM))
    num_nodes = property(lambda self: self._h.inquire(Inq.NUM_NODES))
    num_elem = property(lambda self: self._h.inquire(Inq.NUM_ELEM))
    num_edge = property(lambda self: self._h.inquire(Inq.NUM_EDGE))
    num_face = property(lambda self: self._h.inquire(Inq.NUM_FACE))
    num_times = property(lambda self: self._h.inquire(Inq.NUM_TIMES))
    num_steps = num_times
    has_mesh = property(lambda self: bool(self._h.inquire(Inq.HAS_MESH)))
    float_size = property(lambda self: self._h.inquire(Inq.FLOAT_SIZE))
    int_size = property(lambda self: self._h.inquire(Inq.INT_SIZE))
    int64 = property(lambda self: self._h.inquire(Inq.INT_SIZE) == 8,
                     doc="ids/connectivity are stored as int64")
    name_len = property(lambda self: self._h.inquire(Inq.NAME_LEN))
    compressed = property(lambda self: bool(self._h.inquire(Inq.COMPRESSED)))
    nemesis = property(lambda self: bool(self._h.inquire(Inq.NEMESIS)))
    parallel = property(lambda self: self._h.parallel)
    comm = property(lambda self: self._h.comm)
    rank = property(lambda self: self._h.inquire(Inq.RANK))
    size = property(lambda self: self._h.inquire(Inq.NRANKS))

    @property
    def format(self):
        """Container format: "cdf1", "cdf2", "cdf5", "nc4" or "nc4classic"."""
        return FORMAT_NAMES.get(self._h.inquire(Inq.FORMAT), "unknown")

    @property
    def title(self):
        return self._h.title()

    @property
    def collective(self):
        """Parallel files: bulk calls are collective (the _all ones) when
        True (the default for a file opened with a communicator); False
        makes them independent. Always False for serial files."""
        return self._h.collective

    @collective.setter
    def collective(self, on):
        self._h.collective = on

    # ---- entities -----------------------------------------------------
    def _info(self, kind, id):
        t = self._h.entity(kind, int(id))
        return EntityInfo(kind, *t[:9], _ext.topo_name(t[9]), t[10], t[11])

    def entities(self, kind):
        """Entities (blocks, sets, named maps) of a kind: id -> EntityInfo."""
        kind = kind_of(kind)
        ent = self._cache.get(kind)
        if ent is None:
            ent = Entities(kind, [self._info(kind, i) for i in self._h.ids(kind)])
            self._cache[kind] = ent
        return ent

    def entity(self, kind, id):
        """EntityInfo of one block, set or map (NotFoundError if none)."""
        return self._info(kind_of(kind), id)

    def ids(self, kind):
        """int64 array of the ids of a kind, in file order."""
        return self._h.ids(kind_of(kind))

    def find(self, kind, name):
        """Id of the entity of this kind called name."""
        return self._h.find_entity(kind_of(kind), name)

    blocks = property(lambda self: self.entities(Kind.ELEM_BLOCK),
                      doc="element blocks: id -> EntityInfo")
    edge_blocks = property(lambda self: self.entities(Kind.EDGE_BLOCK))
    face_blocks = property(lambda self: self.entities(Kind.FACE_BLOCK))
    node_sets = property(lambda self: self.entities(Kind.NODE_SET))
    side_sets = property(lambda self: self.entities(Kind.SIDE_SET))
    edge_sets = property(lambda self: self.entities(Kind.EDGE_SET))
    face_sets = property(lambda self: self.entities(Kind.FACE_SET))
    elem_sets = property(lambda self: self.entities(Kind.ELEM_SET))
    node_maps = property(lambda self: self.entities(Kind.NODE_MAP),
                         doc="named node maps (node_map1...): id -> EntityInfo")
    edge_maps = property(lambda self: self.entities(Kind.EDGE_MAP))
    face_maps = property(lambda self: self.entities(Kind.FACE_MAP))
    elem_maps = property(lambda self: self.entities(Kind.ELEM_MAP))

    # ---- names, properties, records -------------------------------------
    @property
    def coord_names(self):
        return [self._h.coord_name(a) for a in range(self.num_dim)]

    def attribute_names(self, block_id, kind=Kind.ELEM_BLOCK):
        kind = kind_of(kind)
        n = self._info(kind, block_id).num_attr
        return [self._h.attr_name(kind, int(block_id), a) for a in range(n)]

    def property_names(self, kind):
        """Property names of a kind; the first is always "ID"."""
        return self._h.prop_names(kind_of(kind))

    def prop(self, kind, id, name):
        """Integer property `name` ("ID", "MATL"...) of an entity."""
        return self._h.prop(kind_of(kind), int(id), name)

    def properties(self, kind, id):
        """All properties of one entity as a dict."""
        kind = kind_of(kind)
        return {p: self._h.prop(kind, int(id), p) for p in self._h.prop_names(kind)}

    @property
    def qa_records(self):
        """List of (code, version, date, time) tuples."""
        return self._h.qa()

    @property
    def info_records(self):
        return self._h.info()

    # ---- coordinates ----------------------------------------------------
    def coords(self, start=0, count=None, dtype=None, out=None):
        """Coordinates of nodes [start, start+count) as a (count, num_dim)
        array. It is the transpose of a (num_dim, count) array that numpy
        owns (``.base``), so each component was one contiguous read; use
        np.ascontiguousarray for a row-major copy. out= takes a C-ordered
        (num_dim, count) array or a Fortran-ordered (count, num_dim) one."""
        return self._h.get_coords(start, count, dtype, out)

    def coord(self, axis, start=0, count=None, dtype=None, out=None):
        """One coordinate component (0 = x) of nodes [start, start+count)."""
        return self._h.get_coord(_axis(axis), start, count, dtype, out)

    # ---- blocks ----------------------------------------------------------
    def _which(self, kind, block_id, which):
        if which is not None:
            return conn_of(which)
        topo = self._info(kind, block_id).topology
        return Conn.FACES if topo == "NFACED" else Conn.NODES

    def connectivity(self, block_id, start=0, count=None, dtype=None, out=None,
                     flat=False, kind=Kind.ELEM_BLOCK, which=None):
        """Connectivity of entries [start, start+count) of a block as a
        (count, per_entry) array (a reshape view of one numpy-owned buffer;
        flat=True gives that 1-D buffer). Numbers are 1-based, as stored.
        which: "nodes" (default), "edges" or "faces" (default for NFACED).
        NSIDED node and NFACED face connectivity is always flat and the slab
        indexes its values; see entry_counts()."""
        kind = kind_of(kind)
        which = self._which(kind, block_id, which)
        return self._h.get_conn(kind, int(block_id), int(which), start, count,
                                dtype, out, flat)

    def entry_counts(self, block_id, start=0, count=None, dtype=None, out=None,
                     kind=Kind.ELEM_BLOCK):
        """Nodes (NSIDED) or faces (NFACED) of each entry of a block."""
        return self._h.get_entry_counts(kind_of(kind), int(block_id), start, count,
                                        dtype, out)

    def attributes(self, block_id, start=0, count=None, dtype=None, out=None,
                   kind=Kind.ELEM_BLOCK, flat=False):
        """Attributes of block entries as a (count, num_attr) array."""
        return self._h.get_attr(kind_of(kind), int(block_id), start, count, dtype,
                                out, flat)

    # ---- sets -------------------------------------------------------------
    def set_members(self, kind, id, start=0, count=None, dtype=None, out=None):
        """Members [start, start+count) of a set (1-based numbers)."""
        return self._h.get_set(kind_of(kind), int(id), start, count, dtype, out)

    def set(self, kind, id, start=0, count=None, dtype=None, out=None,
            extra_out=None):
        """(members, extra) of a side, edge or face set: extra is the sides
        (side sets) or orientations (edge/face sets)."""
        return self._h.get_set(kind_of(kind), int(id), start, count, dtype, out,
                               True, extra_out)

    def node_set(self, id, start=0, count=None, dtype=None, out=None):
        """Node numbers (1-based) of a node set."""
        return self._h.get_set(Kind.NODE_SET, int(id), start, count, dtype, out)

    def side_set(self, id, start=0, count=None, dtype=None, out=None,
                 extra_out=None):
        """(elements, sides) of a side set, both 1-based."""
        return self.set(Kind.SIDE_SET, id, start, count, dtype, out, extra_out)

    def elem_set(self, id, start=0, count=None, dtype=None, out=None):
        return self._h.get_set(Kind.ELEM_SET, int(id), start, count, dtype, out)

    def dist_factors(self, kind, id, start=0, count=None, dtype=None,
                     out=None):
        """Distribution factors [start, start+count) of a set."""
        return self._h.get_df(kind_of(kind), int(id), start, count, dtype, out)

    # ---- maps --------------------------------------------------------------
    def id_map(self, kind="node", start=0, count=None, dtype=None, out=None):
        """The id map (node_num_map, elem_num_map, ...); 1..n if the file
        has none. kind: "node", "elem", "edge", "face" or a map Kind."""
        return self._h.get_id_map(map_kind_of(kind), start, count, dtype, out)

    def map(self, kind, id, start=0, count=None, dtype=None, out=None):
        """Named map `id` (node_map1, elem_map2...) of a map kind."""
        return self._h.get_map(map_kind_of(kind), int(id), start, count, dtype, out)

    def order_map(self, start=0, count=None, dtype=None, out=None):
        """The legacy element order map (elem_map); 1..n if absent."""
        return self._h.get_order_map(start, count, dtype, out)

    # ---- results -------------------------------------------------------------
    @property
    def times(self):
        """Time values of all steps (float64 array)."""
        return self._h.get_times()

    def get_times(self, start=0, count=None, dtype=None, out=None):
        return self._h.get_times(start, count, dtype, out)

    def var_names(self, kind):
        kind = kind_of(kind)
        return [self._h.var_name(kind, i) for i in range(self._h.num_vars(kind))]

    nodal_var_names = property(lambda self: self.var_names(Kind.NODAL))
    element_var_names = property(lambda self: self.var_names(Kind.ELEM_BLOCK))
    global_var_names = property(lambda self: self.var_names(Kind.GLOBAL))

    def var_index(self, kind, var):
        """0-based index of a variable given by name or index."""
        if isinstance(var, (str, bytes)):
            return self._h.find_var(kind_of(kind), var)
        return int(var)

    def truth_table(self, kind):
        """(entities, variables) bool array: is the variable stored?"""
        return self._h.truth(kind_of(kind)).astype(bool)

    def _step(self, step):
        step = int(step)
        return step + self.num_times if step < 0 else step

    def var(self, kind, var, id, step, start=0, count=None, dtype=None,
            out=None):
        """Variable `var` (name or 0-based index) of entity `id` (ignored for
        nodal/global) at 0-based `step` (negative counts from the end),
        entries [start, start+count)."""
        kind = kind_of(kind)
        return self._h.get_var(kind, int(id or 0), self.var_index(kind, var),
                               self._step(step), start, count, dtype, out)

    def nodal(self, var, step, start=0, count=None, dtype=None, out=None):
        """Nodal variable (name or index) at a step, nodes [start, +count)."""
        return self.var(Kind.NODAL, var, 0, step, start, count, dtype, out)

    def element(self, var, block_id, step, start=0, count=None, dtype=None,
                out=None):
        """Element variable (name or index) of a block at a step."""
        return self.var(Kind.ELEM_BLOCK, var, block_id, step, start, count, dtype,
                        out)

    def global_vars(self, step, start=0, count=None, dtype=None, out=None):
        """All global variables (or [start, start+count) of them) at a step."""
        return self._h.get_var(Kind.GLOBAL, 0, 0, self._step(step), start, count,
                               dtype, out)

    def global_var(self, var, step):
        """One global variable's value (name or index) at a step."""
        i = self.var_index(Kind.GLOBAL, var)
        return float(self.global_vars(step, i, 1)[0])

    def var_history(self, kind, var, id=None, step=0, nsteps=None, start=0,
                    count=None, dtype=None, out=None):
        """Steps [step, step+nsteps) of a variable: (nsteps, count) array."""
        kind = kind_of(kind)
        return self._h.get_var_steps(kind, int(id or 0), self.var_index(kind, var),
                                     self._step(step), nsteps, start, count, dtype,
                                     out)

    def global_history(self, var, step=0, nsteps=None):
        """One global variable over steps: (nsteps,) array (a view)."""
        i = self.var_index(Kind.GLOBAL, var)
        return self.var_history(Kind.GLOBAL, i, None, step, nsteps, i, 1)[:, 0]

    # ---- streaming -------------------------------------------------------------
    def chunk_len(self, kind=Kind.NODAL, id=0, block_bytes=0):
        """Natural slab length of an entity's arrays (exs_chunk_len)."""
        return self._h.chunk_len(kind_of(kind), int(id or 0), int(block_bytes))

    def iter_var(self, kind, var, id, step, chunk=None, start=0, count=None,
                 dtype=np.float64):
        """Yield (start, values) slabs of a variable with O(chunk) memory.
        The yielded array is REUSED for the next slab: copy it to keep it.
        chunk=None: exs_chunk_len's length for the entity."""
        kind = kind_of(kind)
        vi, step, id = self.var_index(kind, var), self._step(step), int(id or 0)
        if count is None:
            total = self.num_nodes if kind == Kind.NODAL else \
                self._h.num_vars(kind) if kind == Kind.GLOBAL else \
                self._info(kind, id).num_entries
            count = max(total - start, 0)
        chunk = int(chunk or self.chunk_len(kind, id)) or 1
        buf = np.empty(max(min(chunk, count), 0), dtype=dtype)
        for s, c in _slabs(start, count, chunk):
            view = buf[:c]
            self._h.get_var(kind, id, vi, step, s, c, dtype, view)
            yield s, view

    def iter_nodal(self, var, step, chunk=None, start=0, count=None,
                   dtype=np.float64):
        """Yield (start, values) slabs of a nodal variable; the array is
        reused (see iter_var). chunk=None: exs_chunk_len's length."""
        return self.iter_var(Kind.NODAL, var, 0, step, chunk, start, count, dtype)

    def iter_coords(self, chunk=None, start=0, count=None, dtype=np.float64):
        """Yield (start, (c, num_dim) coordinates); the array is reused."""
        count = self.num_nodes - start if count is None else count
        chunk = int(chunk or self.chunk_len(Kind.NODAL)) or 1
        dim = self.num_dim
        buf = np.empty(dim * min(chunk, max(count, 0)), dtype=dtype)
        for s, c in _slabs(start, count, chunk):
            base = buf[:dim * c].reshape(dim, c)
            self._h.get_coords(s, c, dtype, base)
            yield s, base.T

    def iter_connectivity(self, block_id, chunk=None, start=0, count=None,
                          dtype=np.int64, kind=Kind.ELEM_BLOCK):
        """Yield (start, (c, nodes_per_entry) connectivity) of a block; the
        array is reused. NSIDED node and NFACED face connectivity is flat
        (as connectivity() gives it): start and count index its values and
        each slab is 1-D; entry_counts() gives the split."""
        kind = kind_of(kind)
        info = self._info(kind, block_id)
        poly = info.topology in ("NSIDED", "NFACED")
        which = Conn.FACES if info.topology == "NFACED" else Conn.NODES
        total = (info.faces_per_entry if which == Conn.FACES else
                 info.nodes_per_entry) if poly else info.num_entries
        count = total - start if count is None else count
        chunk = int(chunk or self.chunk_len(kind, block_id)) or 1
        w = 1 if poly else info.nodes_per_entry
        buf = np.empty(w * min(chunk, max(count, 0)), dtype=dtype)
        for s, c in _slabs(start, count, chunk):
            view = buf[:c] if poly else buf[:w * c].reshape(c, w)
            self._h.get_conn(kind, int(block_id), int(which), s, c, dtype, view, poly)
            yield s, view

    def check_references(self):
        """Validate what reads return as stored (exs_check_references):
        connectivity node/edge/face numbers in 1..count, set members in
        range, sides >= 1, NSIDED/NFACED counts adding up. Raises Error
        naming the block or set, the position and the value."""
        self._h.check_references()

    # ---- statistics -------------------------------------------------------------
    def stats(self):
        """Library counters: storage_calls, collective_calls, bytes_read/
        written."""
        return self._h.stats()

    def reset_stats(self):
        self._h.reset_stats()

    # ---- parallel -------------------------------------------------------------------
    def partition(self, block_bytes=0):
        """This rank's chunk-aligned node and element slabs (a Partition);
        one rank owns everything for a serial file."""
        return Partition(*self._h.get_partition(int(block_bytes)))

    def partition_pieces(self, elem_start, elem_count):
        """The element blocks' shares of an element slab: a list of
        (block_id, block_start, count, slab_offset)."""
        return self._h.partition_pieces(int(elem_start), int(elem_count))

    # ================================================================
    # Writing: define (any order), then write. See exoslab.h.
    def _changed(self):
        self._cache.clear()

    def def_mesh(self, title="", num_dim=3, num_nodes=0):
        self._h.def_mesh(title, int(num_dim), int(num_nodes))

    def def_block(self, id, type, num_entries, nodes_per_entry, kind=Kind.ELEM_BLOCK,
                  edges_per_entry=0, faces_per_entry=0, num_attr=0, name=None):
        """Define a block. NSIDED: nodes_per_entry is the block's total node
        count; NFACED: faces_per_entry its total face count."""
        self._h.def_block(kind_of(kind), int(id), type, int(num_entries),
                          int(nodes_per_entry), int(edges_per_entry),
                          int(faces_per_entry), int(num_attr), name)
        self._changed()

    def def_set(self, kind, id, num_entries, num_df=0, name=None):
        self._h.def_set(kind_of(kind), int(id), int(num_entries), int(num_df), name)
        self._changed()

    def def_map(self, kind, id, name=None):
        self._h.def_map(map_kind_of(kind), int(id), name)
        self._changed()

    def def_vars(self, kind, names):
        """Define the variables of a kind (once per kind)."""
        self._h.def_vars(kind_of(kind), list(names))

    def def_truth(self, kind, table):
        """(entities, variables) table of which variables are stored."""
        self._h.def_truth(kind_of(kind), np.asarray(table))

    def def_prop(self, kind, name):
        self._h.def_prop(kind_of(kind), name)

    def end_define(self):
        self._h.end_define()

    def put_name(self, kind, id, name):
        self._h.put_name(kind_of(kind), int(id), name)
        self._changed()

    def put_coord_names(self, names):
        self._h.put_coord_names(list(names))

    def put_attr_names(self, block_id, names, kind=Kind.ELEM_BLOCK):
        self._h.put_attr_names(kind_of(kind), int(block_id), list(names))

    def put_prop(self, kind, id, name, value):
        self._h.put_prop(kind_of(kind), int(id), name, int(value))

    def put_qa(self, records):
        """QA records: (code, version, date, time) tuples."""
        self._h.put_qa(list(records))

    def put_info(self, lines):
        self._h.put_info(list(lines))

    def put_coords(self, coords, start=0):
        """Write nodes [start, start+n) from an (n, num_dim) array. Each
        column is passed as it is when contiguous (as coords() returns),
        else numpy copies that one column."""
        coords = np.asanyarray(coords)
        if coords.ndim != 2 or coords.shape[1] != self.num_dim:
            # Fewer columns would leave the other components unwritten
            # (exs_close refuses a mesh with some components missing).
            raise _ext.ArgumentError(
                f"coords must be (n, num_dim={self.num_dim}), got shape "
                f"{coords.shape}")
        for axis in range(coords.shape[1]):
            self._h.put_coord(axis, coords[:, axis], int(start))

    def put_coord(self, axis, data, start=0):
        self._h.put_coord(_axis(axis), data, int(start))

    def put_connectivity(self, block_id, conn, start=0, kind=Kind.ELEM_BLOCK,
                         which=None):
        """Write entries [start, start+n) of a block's connectivity from an
        (n, per_entry) array (or flat), 1-based numbers."""
        kind = kind_of(kind)
        which = self._which(kind, block_id, which)
        self._h.put_conn(kind, int(block_id), conn, int(which), int(start))

    def put_entry_counts(self, block_id, counts, start=0, kind=Kind.ELEM_BLOCK):
        self._h.put_entry_counts(kind_of(kind), int(block_id), counts, int(start))

    def put_attributes(self, block_id, data, start=0, kind=Kind.ELEM_BLOCK):
        self._h.put_attr(kind_of(kind), int(block_id), data, int(start))

    def put_set(self, kind, id, entries, extra=None, start=0):
        """Members (and sides / orientations) of a set."""
        self._h.put_set(kind_of(kind), int(id), entries, extra, int(start))

    def put_node_set(self, id, nodes, start=0):
        self.put_set(Kind.NODE_SET, id, nodes, None, start)

    def put_side_set(self, id, elems, sides, start=0):
        self.put_set(Kind.SIDE_SET, id, elems, sides, start)

    def put_dist_factors(self, kind, id, df, start=0):
        self._h.put_df(kind_of(kind), int(id), df, int(start))

    def put_id_map(self, kind, ids, start=0):
        self._h.put_id_map(map_kind_of(kind), ids, int(start))

    def put_map(self, kind, id, data, start=0):
        self._h.put_map(map_kind_of(kind), int(id), data, int(start))

    def put_time(self, step, value):
        """Append (step == num_times) or overwrite a step's time."""
        self._h.put_time(int(step), float(value))

    def put_var(self, kind, var, id, step, data, start=0):
        kind = kind_of(kind)
        self._h.put_var(kind, int(id or 0), self.var_index(kind, var), int(step),
                        data, int(start))

    def put_nodal(self, var, step, data, start=0):
        self.put_var(Kind.NODAL, var, 0, step, data, start)

    def put_element(self, var, block_id, step, data, start=0):
        self.put_var(Kind.ELEM_BLOCK, var, block_id, step, data, start)

    def put_global_vars(self, step, values, start=0):
        """Global variables [start, start+n) at a step."""
        self._h.put_var(Kind.GLOBAL, 0, 0, int(step), values, int(start))


def zero_based(values, upper, what):
    """1-based numbers as stored -> 0-based indices, refusing any outside
    1..upper: 0 or a negative number would become an index from the end in
    numpy. Error names `what`, the value and the range."""
    a = np.asarray(values)
    if a.size and (a.min() < 1 or a.max() > upper):
        bad = a[(a < 1) | (a > upper)].flat[0]
        raise _ext.Error(f"{what} holds {int(bad)}, outside 1..{int(upper)}: "
                         "the file's references are corrupt "
                         "(File.check_references() lists the first)")
    return a - 1


def _axis(axis):
    if isinstance(axis, str):
        try:
            return "xyz".index(axis.lower())
        except ValueError:
            raise _ext.ArgumentError(f"axis {axis!r}: use 0, 1, 2 or 'x', 'y', 'z'") \
                from None
    return int(axis)


def open(path, mode="r", comm=None):
    """Open an existing Exodus II file.

    mode: "r" (read) or "r+"/"a" (add results, names...). comm: an mpi4py
    communicator for a parallel open (MPI build; collective), or None.
    """
    return File(path, mode, comm)


def create(path, *, comm=None, clobber=False, format="cdf2", int64=False,
           float_size=8, name_len=32, deflate=0, shuffle=False, zstd=0,
           node_chunk=0, elem_chunk=0, nparts=0):
    """Create a file for writing.

    format: "cdf2" (64-bit offset, libexodus' default), "cdf1", "cdf5",
    "nc4" (HDF5) or "nc4classic". int64: store ids, maps and connectivity as
    int64. float_size: 8 or 4 bytes for stored reals. clobber: overwrite an
    existing file (otherwise FileError, and the file is left intact).
    deflate/shuffle/zstd and node_chunk/elem_chunk apply to netCDF-4.
    nparts: chunks are sized for this many writers. comm: an mpi4py
    communicator (MPI build) for a parallel create, or None.
    """
    h = _ext.create(path, format=format_of(format), int64=int(bool(int64)),
                    float_size=int(float_size), name_len=int(name_len),
                    clobber=int(bool(clobber)), deflate=int(deflate),
                    shuffle=int(bool(shuffle)), zstd=int(zstd),
                    node_chunk=int(node_chunk), elem_chunk=int(elem_chunk),
                    nparts=int(nparts), comm=comm)
    return File(path, "w", _handle=h)
