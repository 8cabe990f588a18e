"""File: Pythonic access to one Exodus II file through the C extension.

Every bulk accessor takes a slab ``start, count`` (0-based entries,
``count=None``: to the end), a ``dtype`` (float64/float32 for real data,
int64/int32 for ids and connectivity; None: out's dtype, else float64 for
real data and int64 for integers) and an optional ``out=`` array that is
filled in place (dtype, shape, C order and writeability are checked).
Without ``out=`` numpy allocates the result and the library fills it in its
single read pass: no second copy is made. Node/element numbers in
connectivity, sets and maps are 1-based, as stored.

Blocks, sets and named maps are given by id or by name: wherever an id is
taken, a str is the entity's name (``f.connectivity("steel")``,
``f.node_set("left")``, ``f.blocks["steel"]``). An unknown name raises
NotFoundError listing the names there are; a name that two entities of
the kind share raises ArgumentError naming their ids.

Argument order, the one convention: **kind, then the entity, then the
variable's own arguments** -- as C has it (``exs_get_set(f, kind, id...)``,
``exs_get_prop(f, kind, id, name...)``) -- with two Python shapes, each the
same across its family:

* block calls take the block first and ``kind=`` as a keyword defaulting to
  element blocks (``f.connectivity(block, kind="face_block")`` for C's
  ``exs_get_conn(f, EXS_FACE_BLOCK, id, ...)``);
* variable calls take ``(kind, var, id, step)`` where C's ``exs_get_var``
  has ``(kind, id, var, step)``: the variable comes first so that
  ``f.var(kind, var, id, step)`` is ``f.nodal(var, step)`` and
  ``f.element(var, block, step)`` with arguments added, never reordered
  (var, put_var, var_history, iter_var, nodal, element, put_nodal,
  put_element). ``id=``, ``var=`` and ``step=`` are keywords everywhere,
  which makes the order moot: ``f.var("eb", id=1, var="stress", step=0)``.
"""
import collections.abc
import os
import typing
from typing import (Any, Dict, Iterator, List, Optional, Sequence, Tuple,
                    Union)

import numpy as np
import numpy.typing as npt

from . import _ext
from ._kinds import (BLOCK_KINDS, MAP_KINDS, SET_KINDS, Conn, Inq, Kind,
                     KindLike, FORMAT_NAMES, conn_of, format_of, kind_of,
                     map_kind_of)
from ._model import ModelParts

#: A block, set or map: its id, or its name (a str).
IdOrName = Union[int, str]
#: A variable: its name, or its 0-based index.
VarRef = Union[int, str]
#: A dtype argument (None: out's dtype, else float64 / int64).
DType = Optional[npt.DTypeLike]
#: A path argument.
PathLike = Union[str, "os.PathLike[str]"]
#: An out= argument: an array filled in place, or None.
Out = Optional[np.ndarray]


class EntityInfo(typing.NamedTuple):
    """One block, set or named map. Fields that do not apply are 0 / ""."""
    kind: Kind
    id: int
    index: int  # type: ignore[assignment]  # 1-based position in the file (shadows tuple.index)
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
    def size(self) -> int:
        """num_entries."""
        return self.num_entries


def _label(kind: Kind) -> str:
    return kind.name.lower()


class Entities(collections.abc.Mapping):
    """The blocks (sets, maps) of one kind: a mapping id -> EntityInfo in
    file order, that also takes a name as key (``f.blocks["steel"]``).
    ``.ids`` is the int64 array of ids, ``.infos`` the list of all
    EntityInfo in file order (a file may repeat an id, e.g. unwritten
    placeholder sets with id -1: the mapping keeps the first, ``.infos`` and
    ``.ids`` keep all), ``by_name(name)`` looks one up by name and
    ``id_of(id_or_name)`` gives the id."""

    kind: Kind
    infos: List[EntityInfo]
    ids: np.ndarray

    def __init__(self, kind: Kind, infos: Sequence[EntityInfo]) -> None:
        self.kind = kind
        self.infos = list(infos)
        self._infos: Dict[int, EntityInfo] = {}
        for i in self.infos:
            self._infos.setdefault(i.id, i)
        self.ids = np.array([i.id for i in self.infos], dtype=np.int64)

    def __getitem__(self, key: IdOrName) -> EntityInfo:
        if isinstance(key, (str, bytes)):
            return self.by_name(key)
        try:
            return self._infos[int(key)]
        except KeyError:
            raise _ext.NotFoundError(
                f"no {_label(self.kind)} with id {key}; ids are "
                f"{list(self._infos)}") from None

    def __iter__(self) -> Iterator[int]:
        return iter(self._infos)

    def __len__(self) -> int:
        return len(self._infos)

    def by_name(self, name: Union[str, bytes]) -> EntityInfo:
        """The entity called `name` (exact, case-sensitive match).
        NotFoundError lists the names there are; ArgumentError when several
        entities share the name (it names their ids)."""
        if isinstance(name, bytes):
            name = name.decode("utf-8", "replace")
        found: Dict[int, EntityInfo] = {}
        for i in self.infos:                # a repeated id is one entity
            if i.name == name:
                found.setdefault(i.id, i)
        hits = list(found.values())
        if len(hits) == 1:
            return hits[0]
        label = _label(self.kind)
        if hits:
            raise _ext.ArgumentError(
                f"{label} name {name!r} is ambiguous: ids "
                f"{', '.join(str(i.id) for i in hits)} carry it; pass the id")
        names = [i.name for i in self.infos if i.name]
        near = [n for n in names if n.lower() == name.lower()]
        hint = (f" (names match exactly: did you mean {near[0]!r}?)" if near else
                f"; names are {names}" if names else
                f"; no {label} here has a name (ids are {list(self._infos)})")
        raise _ext.NotFoundError(f"no {label} named {name!r}{hint}")

    def id_of(self, ref: IdOrName) -> int:
        """The id of an entity given by id (returned as it is, unchecked)
        or by name (looked up as by_name does)."""
        if isinstance(ref, (str, bytes)):
            return self.by_name(ref).id
        return int(ref)

    def __repr__(self) -> str:
        return f"<{_label(self.kind)}s {list(self._infos)}>"


class Partition(typing.NamedTuple):
    """This rank's contiguous, chunk-aligned slabs (f.partition())."""
    node_start: int
    node_count: int
    elem_start: int
    elem_count: int
    node_chunk: int
    elem_chunk: int

    @property
    def nodes(self) -> slice:
        """slice of this rank's nodes (0-based)."""
        return slice(self.node_start, self.node_start + self.node_count)

    @property
    def elems(self) -> slice:
        """slice of this rank's elements (0-based, file order)."""
        return slice(self.elem_start, self.elem_start + self.elem_count)


def _slabs(start: int, count: int, step: int) -> Iterator[Tuple[int, int]]:
    """(start, count) slabs of [start, start+count) whose boundaries lie on
    multiples of step (as exs_iter_next): whole chunks after the first."""
    end = start + count
    while start < end:
        stop = min((start // step + 1) * step, end)
        yield start, stop - start
        start = stop


_MODES = {"r": _ext.EXS_READ, "r+": _ext.EXS_WRITE, "a": _ext.EXS_WRITE}


class File(ModelParts):
    """An open Exodus II file. Use as a context manager, or close().

    ``exoslab.File(path, mode="r", comm=None)`` opens a file, as
    :func:`exoslab.open` does; :func:`exoslab.create` makes new ones.
    """

    path: str
    mode: str

    def __init__(self, path: PathLike, mode: str = "r", comm: Any = None, *,
                 _handle: Any = None) -> None:
        """Open `path`: mode "r" (read) or "r+"/"a" (add results, names...);
        comm: an mpi4py communicator for a parallel open (MPI build), or
        None."""
        if _handle is None:
            if mode not in _MODES:
                raise _ext.ArgumentError(
                    f"mode {mode!r}: use 'r', 'r+' or 'a' (exoslab.create makes new files)")
            _handle = _ext.open(path, _MODES[mode], comm)
        self._h = _handle
        self.path = os.fspath(path)
        self.mode = mode
        self._cache: Dict[Kind, Entities] = {}

    # ---- life cycle ---------------------------------------------------
    def close(self) -> None:
        """Flush and close. Collective for a parallel file. Idempotent."""
        self._h.close()

    @property
    def closed(self) -> bool:
        """True once close() was called."""
        return bool(self._h.closed)

    def __enter__(self) -> "File":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self.closed else f"{self.format}, mode {self.mode!r}"
        return f"<exoslab.File {self.path!r} ({state})>"

    def sync(self) -> None:
        """Flush what was written so far."""
        self._h.sync()

    # ---- scalars --------------------------------------------------------
    def inquire(self, what: Union[Inq, int, str]) -> int:
        """One fact from exs_inquire (an Inq, its int, or its name such as
        "num_nodes")."""
        if isinstance(what, str):
            try:
                what = Inq[what.strip().upper()]
            except KeyError:
                raise _ext.ArgumentError(
                    f"unknown inquiry {what!r}; use one of "
                    f"{', '.join(m.name.lower() for m in Inq)}") from None
        return self._h.inquire(int(what))

    @property
    def num_dim(self) -> int:
        """Spatial dimension (0 for a results-only file)."""
        return self._h.inquire(Inq.NUM_DIM)

    @property
    def num_nodes(self) -> int:
        """Number of nodes."""
        return self._h.inquire(Inq.NUM_NODES)

    @property
    def num_elem(self) -> int:
        """Number of elements (all element blocks)."""
        return self._h.inquire(Inq.NUM_ELEM)

    @property
    def num_edge(self) -> int:
        """Number of edges (all edge blocks)."""
        return self._h.inquire(Inq.NUM_EDGE)

    @property
    def num_face(self) -> int:
        """Number of faces (all face blocks)."""
        return self._h.inquire(Inq.NUM_FACE)

    @property
    def num_times(self) -> int:
        """Number of time steps."""
        return self._h.inquire(Inq.NUM_TIMES)

    @property
    def num_steps(self) -> int:
        """Number of time steps (num_times)."""
        return self._h.inquire(Inq.NUM_TIMES)

    @property
    def float_size(self) -> int:
        """Bytes of stored reals (4 or 8)."""
        return self._h.inquire(Inq.FLOAT_SIZE)

    @property
    def int_size(self) -> int:
        """Bytes of stored ids and connectivity (4 or 8)."""
        return self._h.inquire(Inq.INT_SIZE)

    @property
    def name_len(self) -> int:
        """Usable length of names."""
        return self._h.inquire(Inq.NAME_LEN)

    @property
    def rank(self) -> int:
        """This rank in the file's communicator (0 if serial)."""
        return self._h.inquire(Inq.RANK)

    @property
    def size(self) -> int:
        """Ranks of the file's communicator (1 if serial)."""
        return self._h.inquire(Inq.NRANKS)

    @property
    def has_mesh(self) -> bool:
        """True when the file holds a mesh (num_dim and coordinates)."""
        return bool(self._h.inquire(Inq.HAS_MESH))

    @property
    def int64(self) -> bool:
        """True when ids/connectivity are stored as int64."""
        return self._h.inquire(Inq.INT_SIZE) == 8

    @property
    def compressed(self) -> bool:
        """True when any variable is deflate-compressed."""
        return bool(self._h.inquire(Inq.COMPRESSED))

    @property
    def nemesis(self) -> bool:
        """True when the file holds Nemesis load-balance data."""
        return bool(self._h.inquire(Inq.NEMESIS))

    @property
    def parallel(self) -> bool:
        """True for a file opened or created with a communicator."""
        return bool(self._h.parallel)

    @property
    def comm(self) -> Any:
        """The mpi4py communicator given at open (None if serial)."""
        return self._h.comm

    @property
    def format(self) -> str:
        """Container format: "cdf1", "cdf2", "cdf5", "nc4" or "nc4classic"."""
        return FORMAT_NAMES.get(self._h.inquire(Inq.FORMAT), "unknown")

    @property
    def title(self) -> str:
        """The file's title."""
        return self._h.title()

    @property
    def collective(self) -> bool:
        """Parallel files: bulk calls are collective (the _all ones) when
        True (the default for a file opened with a communicator); False
        makes them independent. Always False for serial files."""
        return bool(self._h.collective)

    @collective.setter
    def collective(self, on: bool) -> None:
        self._h.collective = on

    # ---- entities -----------------------------------------------------
    def _info(self, kind: Kind, id: int) -> EntityInfo:
        t = self._h.entity(kind, int(id))
        return EntityInfo._make((kind, *t[:9], _ext.topo_name(t[9]), t[10], t[11]))

    def _id(self, kind: Kind, ref: Optional[IdOrName]) -> int:
        """The id of an entity of `kind` given by id or name; 0 for nodal
        and global kinds (whose calls ignore the id) and for None."""
        if kind in (Kind.NODAL, Kind.GLOBAL) or ref is None:
            return 0 if isinstance(ref, (str, bytes)) or ref is None else int(ref)
        if isinstance(ref, (str, bytes)):
            return self.entities(kind).id_of(ref)
        return int(ref)

    def entities(self, kind: KindLike) -> Entities:
        """Entities (blocks, sets, named maps) of a kind: id -> EntityInfo."""
        kind = kind_of(kind)
        ent = self._cache.get(kind)
        if ent is None:
            ent = Entities(kind, [self._info(kind, i) for i in self._h.ids(kind)])
            self._cache[kind] = ent
        return ent

    def entity(self, kind: KindLike, id: IdOrName) -> EntityInfo:
        """EntityInfo of one block, set or map, by id or name
        (NotFoundError if none)."""
        kind = kind_of(kind)
        return self._info(kind, self._id(kind, id))

    def ids(self, kind: KindLike) -> np.ndarray:
        """int64 array of the ids of a kind, in file order."""
        return self._h.ids(kind_of(kind))

    def find(self, kind: KindLike, name: str) -> int:
        """Id of the entity of this kind called name (NotFoundError if none,
        ArgumentError if several share it)."""
        return self.entities(kind_of(kind)).by_name(name).id

    @property
    def blocks(self) -> Entities:
        """Element blocks: id (or name) -> EntityInfo."""
        return self.entities(Kind.ELEM_BLOCK)

    @property
    def edge_blocks(self) -> Entities:
        """Edge blocks: id (or name) -> EntityInfo."""
        return self.entities(Kind.EDGE_BLOCK)

    @property
    def face_blocks(self) -> Entities:
        """Face blocks: id (or name) -> EntityInfo."""
        return self.entities(Kind.FACE_BLOCK)

    @property
    def node_sets(self) -> Entities:
        """Node sets: id (or name) -> EntityInfo."""
        return self.entities(Kind.NODE_SET)

    @property
    def side_sets(self) -> Entities:
        """Side sets: id (or name) -> EntityInfo."""
        return self.entities(Kind.SIDE_SET)

    @property
    def edge_sets(self) -> Entities:
        """Edge sets: id (or name) -> EntityInfo."""
        return self.entities(Kind.EDGE_SET)

    @property
    def face_sets(self) -> Entities:
        """Face sets: id (or name) -> EntityInfo."""
        return self.entities(Kind.FACE_SET)

    @property
    def elem_sets(self) -> Entities:
        """Element sets: id (or name) -> EntityInfo."""
        return self.entities(Kind.ELEM_SET)

    @property
    def node_maps(self) -> Entities:
        """Named node maps (node_map1...): id (or name) -> EntityInfo."""
        return self.entities(Kind.NODE_MAP)

    @property
    def edge_maps(self) -> Entities:
        """Named edge maps: id (or name) -> EntityInfo."""
        return self.entities(Kind.EDGE_MAP)

    @property
    def face_maps(self) -> Entities:
        """Named face maps: id (or name) -> EntityInfo."""
        return self.entities(Kind.FACE_MAP)

    @property
    def elem_maps(self) -> Entities:
        """Named element maps: id (or name) -> EntityInfo."""
        return self.entities(Kind.ELEM_MAP)

    # ---- names, properties, records -------------------------------------
    @property
    def coord_names(self) -> List[str]:
        """Names of the coordinate axes ("x", "y", "z" as stored)."""
        return [self._h.coord_name(a) for a in range(self.num_dim)]

    def attribute_names(self, block_id: IdOrName,
                        kind: KindLike = Kind.ELEM_BLOCK) -> List[str]:
        """Names of the attributes of a block (by id or name), of a set
        (kind= a set kind) or of the nodes (kind="nodal", id ignored)."""
        kind = kind_of(kind)
        bid = self._id(kind, block_id)
        n = self._info(kind, bid).num_attr
        return [self._h.attr_name(kind, bid, a) for a in range(n)]

    def property_names(self, kind: KindLike) -> List[str]:
        """Property names of a kind; the first is always "ID"."""
        return self._h.prop_names(kind_of(kind))

    def prop(self, kind: KindLike, id: IdOrName, name: str) -> int:
        """Integer property `name` ("ID", "MATL"...) of an entity."""
        kind = kind_of(kind)
        return self._h.prop(kind, self._id(kind, id), name)

    def properties(self, kind: KindLike, id: IdOrName) -> Dict[str, int]:
        """All properties of one entity as a dict."""
        kind = kind_of(kind)
        eid = self._id(kind, id)
        return {p: self._h.prop(kind, eid, p) for p in self._h.prop_names(kind)}

    @property
    def qa_records(self) -> List[Tuple[str, str, str, str]]:
        """List of (code, version, date, time) tuples."""
        return self._h.qa()

    @property
    def info_records(self) -> List[str]:
        """The information records (lines of text)."""
        return self._h.info()

    # ---- coordinates ----------------------------------------------------
    def coords(self, start: int = 0, count: Optional[int] = None,
               dtype: DType = None, out: Out = None) -> np.ndarray:
        """Coordinates of nodes [start, start+count) as a (count, num_dim)
        array. It is the transpose of a (num_dim, count) array that numpy
        owns (``.base``), so each component was one contiguous read; use
        np.ascontiguousarray for a row-major copy. out= takes a C-ordered
        (num_dim, count) array or a Fortran-ordered (count, num_dim) one."""
        return self._h.get_coords(start, count, dtype, out)

    def coord(self, axis: Union[int, str], start: int = 0,
              count: Optional[int] = None, dtype: DType = None,
              out: Out = None) -> np.ndarray:
        """One coordinate component (0 or "x", 1 or "y", 2 or "z") of nodes
        [start, start+count)."""
        return self._h.get_coord(_axis(axis), start, count, dtype, out)

    # ---- blocks ----------------------------------------------------------
    def _which(self, kind: Kind, block_id: int, which: Any) -> Conn:
        if which is not None:
            return conn_of(which)
        topo = self._info(kind, block_id).topology
        return Conn.FACES if topo == "NFACED" else Conn.NODES

    def connectivity(self, block_id: IdOrName, start: int = 0,
                     count: Optional[int] = None, dtype: DType = None,
                     out: Out = None, flat: bool = False,
                     kind: KindLike = Kind.ELEM_BLOCK,
                     which: Union[Conn, str, None] = None) -> np.ndarray:
        """Connectivity of entries [start, start+count) of a block (by id or
        name) as a (count, per_entry) array (a reshape view of one
        numpy-owned buffer; flat=True gives that 1-D buffer). Numbers are
        1-based, as stored. which: "nodes" (default), "edges" or "faces"
        (default for NFACED). NSIDED node and NFACED face connectivity is
        always flat and the slab indexes its values; see entry_counts()."""
        kind = kind_of(kind)
        bid = self._id(kind, block_id)
        which = self._which(kind, bid, which)
        return self._h.get_conn(kind, bid, int(which), start, count, dtype, out,
                                flat)

    def entry_counts(self, block_id: IdOrName, start: int = 0,
                     count: Optional[int] = None, dtype: DType = None,
                     out: Out = None,
                     kind: KindLike = Kind.ELEM_BLOCK) -> np.ndarray:
        """Nodes (NSIDED) or faces (NFACED) of each entry of a block."""
        kind = kind_of(kind)
        return self._h.get_entry_counts(kind, self._id(kind, block_id), start,
                                        count, dtype, out)

    def attributes(self, block_id: IdOrName, start: int = 0,
                   count: Optional[int] = None, dtype: DType = None,
                   out: Out = None, kind: KindLike = Kind.ELEM_BLOCK,
                   flat: bool = False) -> np.ndarray:
        """Attributes of entries [start, start+count) as a (count, num_attr)
        array (a reshape view of one numpy-owned buffer; flat=True gives
        it 1-D): of a block, of a set's members (kind= a set kind) or of
        the nodes (kind="nodal", block_id ignored)."""
        kind = kind_of(kind)
        return self._h.get_attr(kind, self._id(kind, block_id), start, count,
                                dtype, out, flat)

    def set_attributes(self, kind: KindLike, id: IdOrName, start: int = 0,
                       count: Optional[int] = None, dtype: DType = None,
                       out: Out = None, flat: bool = False) -> np.ndarray:
        """Attributes of members [start, start+count) of a set (SEACAS's
        nsattrb, ssattrb, ...) as a (count, num_attr) array."""
        return self.attributes(id, start, count, dtype, out, kind, flat)

    def set_attribute_names(self, kind: KindLike, id: IdOrName) -> List[str]:
        """Names of a set's attributes."""
        return self.attribute_names(id, kind)

    def node_attributes(self, start: int = 0, count: Optional[int] = None,
                        dtype: DType = None, out: Out = None,
                        flat: bool = False) -> np.ndarray:
        """Attributes of nodes [start, start+count) (nattrb) as a
        (count, num_node_attr) array."""
        return self.attributes(0, start, count, dtype, out, Kind.NODAL, flat)

    def node_attribute_names(self) -> List[str]:
        """Names of the node attributes (nattrib_name)."""
        return self.attribute_names(0, Kind.NODAL)

    @property
    def num_node_attr(self) -> int:
        """Attributes per node (0: none)."""
        return self._info(Kind.NODAL, 0).num_attr

    # ---- sets -------------------------------------------------------------
    def set_members(self, kind: KindLike, id: IdOrName, start: int = 0,
                    count: Optional[int] = None, dtype: DType = None,
                    out: Out = None) -> np.ndarray:
        """Members [start, start+count) of a set (1-based numbers)."""
        kind = kind_of(kind)
        return self._h.get_set(kind, self._id(kind, id), start, count, dtype, out)

    def set(self, kind: KindLike, id: IdOrName, start: int = 0,
            count: Optional[int] = None, dtype: DType = None, out: Out = None,
            extra_out: Out = None) -> Tuple[np.ndarray, np.ndarray]:
        """(members, extra) of a side, edge or face set: extra is the sides
        (side sets) or orientations (edge/face sets)."""
        kind = kind_of(kind)
        return self._h.get_set(kind, self._id(kind, id), start, count, dtype, out,
                               True, extra_out)

    def node_set(self, id: IdOrName, start: int = 0, count: Optional[int] = None,
                 dtype: DType = None, out: Out = None) -> np.ndarray:
        """Node numbers (1-based) of a node set (by id or name)."""
        return self.set_members(Kind.NODE_SET, id, start, count, dtype, out)

    def side_set(self, id: IdOrName, start: int = 0, count: Optional[int] = None,
                 dtype: DType = None, out: Out = None,
                 extra_out: Out = None) -> Tuple[np.ndarray, np.ndarray]:
        """(elements, sides) of a side set (by id or name), both 1-based."""
        return self.set(Kind.SIDE_SET, id, start, count, dtype, out, extra_out)

    def elem_set(self, id: IdOrName, start: int = 0, count: Optional[int] = None,
                 dtype: DType = None, out: Out = None) -> np.ndarray:
        """Element numbers (1-based) of an element set (by id or name)."""
        return self.set_members(Kind.ELEM_SET, id, start, count, dtype, out)

    def dist_factors(self, kind: KindLike, id: IdOrName, start: int = 0,
                     count: Optional[int] = None, dtype: DType = None,
                     out: Out = None) -> np.ndarray:
        """Distribution factors [start, start+count) of a set."""
        kind = kind_of(kind)
        return self._h.get_df(kind, self._id(kind, id), start, count, dtype, out)

    # ---- maps --------------------------------------------------------------
    def id_map(self, kind: KindLike = "node", start: int = 0,
               count: Optional[int] = None, dtype: DType = None,
               out: Out = None) -> np.ndarray:
        """The id map (node_num_map, elem_num_map, ...); 1..n if the file
        has none. kind: "node", "elem", "edge", "face" or a map Kind."""
        return self._h.get_id_map(map_kind_of(kind), start, count, dtype, out)

    def has_id_map(self, kind: KindLike = "node") -> bool:
        """True when the file stores the id map of kind ("node", "elem",
        "edge", "face"); False when id_map() gives 1..n for lack of one."""
        return _ext.has_id_map(self._h, int(map_kind_of(kind)))

    def map(self, kind: KindLike, id: IdOrName, start: int = 0,
            count: Optional[int] = None, dtype: DType = None,
            out: Out = None) -> np.ndarray:
        """Named map `id` (or its name) of a map kind (node_map1, ...)."""
        kind = map_kind_of(kind)
        return self._h.get_map(kind, self._id(kind, id), start, count, dtype, out)

    def order_map(self, start: int = 0, count: Optional[int] = None,
                  dtype: DType = None, out: Out = None) -> np.ndarray:
        """The legacy element order map (elem_map); 1..n if absent."""
        return self._h.get_order_map(start, count, dtype, out)

    @property
    def has_order_map(self) -> bool:
        """Whether the file stores the legacy element order map (elem_map)."""
        return bool(self._h.inquire(Inq.ORDER_MAP))

    # ---- results -------------------------------------------------------------
    @property
    def times(self) -> np.ndarray:
        """Time values of all steps (float64 array)."""
        return self._h.get_times()

    def get_times(self, start: int = 0, count: Optional[int] = None,
                  dtype: DType = None, out: Out = None) -> np.ndarray:
        """Time values of steps [start, start+count)."""
        return self._h.get_times(start, count, dtype, out)

    def var_names(self, kind: KindLike) -> List[str]:
        """Names of the variables of a kind, in index order."""
        kind = kind_of(kind)
        return [self._h.var_name(kind, i) for i in range(self._h.num_vars(kind))]

    @property
    def nodal_var_names(self) -> List[str]:
        """Names of the nodal variables."""
        return self.var_names(Kind.NODAL)

    @property
    def element_var_names(self) -> List[str]:
        """Names of the element (block) variables."""
        return self.var_names(Kind.ELEM_BLOCK)

    @property
    def global_var_names(self) -> List[str]:
        """Names of the global variables."""
        return self.var_names(Kind.GLOBAL)

    def var_index(self, kind: KindLike, var: VarRef) -> int:
        """0-based index of a variable given by name or index."""
        if isinstance(var, (str, bytes)):
            return self._h.find_var(kind_of(kind), var)
        return int(var)

    def truth_table(self, kind: KindLike) -> np.ndarray:
        """(entities, variables) bool array: is the variable stored?"""
        return self._h.truth(kind_of(kind)).astype(bool)

    def _step(self, step: int) -> int:
        step = int(step)
        return step + self.num_times if step < 0 else step

    def var(self, kind: KindLike, var: VarRef, id: Optional[IdOrName], step: int,
            start: int = 0, count: Optional[int] = None, dtype: DType = None,
            out: Out = None) -> np.ndarray:
        """Variable `var` (name or 0-based index) of entity `id` (id or name;
        ignored for nodal/global) at 0-based `step` (negative counts from the
        end), entries [start, start+count). C: exs_get_var(f, kind, id, var,
        step, ...) -- see the module's note on argument order."""
        kind = kind_of(kind)
        return self._h.get_var(kind, self._id(kind, id), self.var_index(kind, var),
                               self._step(step), start, count, dtype, out)

    def nodal(self, var: VarRef, step: int, start: int = 0,
              count: Optional[int] = None, dtype: DType = None,
              out: Out = None) -> np.ndarray:
        """Nodal variable (name or index) at a step, nodes [start, +count)."""
        return self.var(Kind.NODAL, var, 0, step, start, count, dtype, out)

    def element(self, var: VarRef, block_id: IdOrName, step: int, start: int = 0,
                count: Optional[int] = None, dtype: DType = None,
                out: Out = None) -> np.ndarray:
        """Element variable (name or index) of a block (id or name) at a step."""
        return self.var(Kind.ELEM_BLOCK, var, block_id, step, start, count, dtype,
                        out)

    def global_vars(self, step: int, start: int = 0, count: Optional[int] = None,
                    dtype: DType = None, out: Out = None) -> np.ndarray:
        """All global variables (or [start, start+count) of them) at a step."""
        return self._h.get_var(Kind.GLOBAL, 0, 0, self._step(step), start, count,
                               dtype, out)

    def global_var(self, var: VarRef, step: int) -> float:
        """One global variable's value (name or index) at a step."""
        i = self.var_index(Kind.GLOBAL, var)
        return float(self.global_vars(step, i, 1)[0])

    def var_history(self, kind: KindLike, var: VarRef,
                    id: Optional[IdOrName] = None, step: int = 0,
                    nsteps: Optional[int] = None, start: int = 0,
                    count: Optional[int] = None, dtype: DType = None,
                    out: Out = None) -> np.ndarray:
        """Steps [step, step+nsteps) of a variable: (nsteps, count) array."""
        kind = kind_of(kind)
        return self._h.get_var_steps(kind, self._id(kind, id),
                                     self.var_index(kind, var), self._step(step),
                                     nsteps, start, count, dtype, out)

    def get_vars(self, step: int, requests: Sequence[Sequence[Any]],
                 dtype: DType = None,
                 out: Optional[Sequence[Out]] = None) -> List[np.ndarray]:
        """Several variable slabs of one step in ONE library call: a list of
        arrays, one per request, in order. A request is ``(kind, var, id)``
        or ``(kind, var, id, start, count)``, the arguments of ``var()``
        without the step (``count=None``: to the end; id ignored for
        nodal/global). ``out``, when given, holds one array (or None) per
        request, each filled in place and returned, with ``var()``'s
        checks. On a parallel file in collective mode this is collective
        (ranks may pass different requests, or none): PnetCDF files finish
        every slab in one collective wait. C: exs_get_vars_all(f, step, n,
        reqs)."""
        outs: List[Out] = [None] * len(requests) if out is None else list(out)
        try:
            if len(outs) != len(requests):
                raise _ext.ArgumentError(
                    f"get_vars: {len(outs)} out arrays for {len(requests)} requests")
            reqs = [self._batch_req("get_vars", r, 5) + (o,)
                    for r, o in zip(requests, outs)]
        except Exception:
            self._batch_refused(step, put=False)
            raise
        return self._h.get_vars(self._step(step), reqs, dtype)

    def _batch_req(self, what: str, r: Sequence[Any], most: int) -> Tuple[Any, ...]:
        """A request of get_vars (most 5) / put_vars (5) as the extension's
        (kind, id, var, ...) tuple, entity and variable resolved."""
        r = tuple(r)
        if not 3 <= len(r) <= most:
            raise _ext.ArgumentError(f"{what}: a request is (kind, var, id, ...) "
                                     f"with 3 to {most} items, got {r!r}")
        kind = kind_of(r[0])
        head = (int(kind), self._id(kind, r[2]), self.var_index(kind, r[1]))
        if what == "put_vars":
            if len(r) < 4:
                raise _ext.ArgumentError(f"put_vars: a request is (kind, var, "
                                         f"id, data[, start]), got {r!r}")
            return head + (int(r[4]) if len(r) > 4 else 0, r[3])
        return head + (int(r[3]) if len(r) > 3 else 0, r[4] if len(r) > 4 else None)

    def _batch_refused(self, step: int, put: bool) -> None:
        """This rank's requests are wrong: in a collective batch it still
        joins the library call, so the other ranks raise instead of waiting."""
        if self._h.parallel and self._h.collective:
            try:
                (self._h.put_vars if put else self._h.get_vars)(int(step), None)
            except _ext.Error:
                pass

    def global_history(self, var: VarRef, step: int = 0,
                       nsteps: Optional[int] = None) -> np.ndarray:
        """One global variable over steps: (nsteps,) array (a view)."""
        i = self.var_index(Kind.GLOBAL, var)
        return self.var_history(Kind.GLOBAL, i, None, step, nsteps, i, 1)[:, 0]

    # ---- streaming -------------------------------------------------------------
    def chunk_len(self, kind: KindLike = Kind.NODAL, id: Optional[IdOrName] = 0,
                  block_bytes: int = 0) -> int:
        """Natural slab length of an entity's arrays (exs_chunk_len)."""
        kind = kind_of(kind)
        return self._h.chunk_len(kind, self._id(kind, id), int(block_bytes))

    def iter_var(self, kind: KindLike, var: VarRef, id: Optional[IdOrName],
                 step: int, chunk: Optional[int] = None, start: int = 0,
                 count: Optional[int] = None, dtype: npt.DTypeLike = np.float64
                 ) -> Iterator[Tuple[int, np.ndarray]]:
        """Yield (start, values) slabs of a variable with O(chunk) memory.
        The yielded array is REUSED for the next slab: copy it to keep it.
        chunk=None: exs_chunk_len's length for the entity."""
        kind = kind_of(kind)
        vi, step, id = self.var_index(kind, var), self._step(step), self._id(kind, id)
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

    def iter_nodal(self, var: VarRef, step: int, chunk: Optional[int] = None,
                   start: int = 0, count: Optional[int] = None,
                   dtype: npt.DTypeLike = np.float64
                   ) -> Iterator[Tuple[int, np.ndarray]]:
        """Yield (start, values) slabs of a nodal variable; the array is
        reused (see iter_var). chunk=None: exs_chunk_len's length."""
        return self.iter_var(Kind.NODAL, var, 0, step, chunk, start, count, dtype)

    def iter_coords(self, chunk: Optional[int] = None, start: int = 0,
                    count: Optional[int] = None,
                    dtype: npt.DTypeLike = np.float64
                    ) -> Iterator[Tuple[int, np.ndarray]]:
        """Yield (start, (c, num_dim) coordinates); the array is reused."""
        count = self.num_nodes - start if count is None else count
        chunk = int(chunk or self.chunk_len(Kind.NODAL)) or 1
        dim = self.num_dim
        buf = np.empty(dim * min(chunk, max(count, 0)), dtype=dtype)
        for s, c in _slabs(start, count, chunk):
            base = buf[:dim * c].reshape(dim, c)
            self._h.get_coords(s, c, dtype, base)
            yield s, base.T

    def iter_connectivity(self, block_id: IdOrName, chunk: Optional[int] = None,
                          start: int = 0, count: Optional[int] = None,
                          dtype: npt.DTypeLike = np.int64,
                          kind: KindLike = Kind.ELEM_BLOCK
                          ) -> Iterator[Tuple[int, np.ndarray]]:
        """Yield (start, (c, nodes_per_entry) connectivity) of a block; the
        array is reused. NSIDED node and NFACED face connectivity is flat
        (as connectivity() gives it): start and count index its values and
        each slab is 1-D; entry_counts() gives the split."""
        kind = kind_of(kind)
        bid = self._id(kind, block_id)
        info = self._info(kind, bid)
        poly = info.topology in ("NSIDED", "NFACED")
        which = Conn.FACES if info.topology == "NFACED" else Conn.NODES
        total = (info.faces_per_entry if which == Conn.FACES else
                 info.nodes_per_entry) if poly else info.num_entries
        count = total - start if count is None else count
        chunk = int(chunk or self.chunk_len(kind, bid)) or 1
        w = 1 if poly else info.nodes_per_entry
        buf = np.empty(w * min(chunk, max(count, 0)), dtype=dtype)
        for s, c in _slabs(start, count, chunk):
            view = buf[:c] if poly else buf[:w * c].reshape(c, w)
            self._h.get_conn(kind, bid, int(which), s, c, dtype, view, poly)
            yield s, view

    def check_references(self) -> None:
        """Validate what reads return as stored (exs_check_references):
        connectivity node/edge/face numbers in 1..count, set members in
        range, sides >= 1, NSIDED/NFACED counts adding up. Raises Error
        naming the block or set, the position and the value."""
        self._h.check_references()

    # ---- statistics -------------------------------------------------------------
    def stats(self) -> Dict[str, int]:
        """Library counters: storage_calls, collective_calls, bytes_read/
        written."""
        return self._h.stats()

    def reset_stats(self) -> None:
        """Set the library counters of stats() back to zero."""
        self._h.reset_stats()

    # ---- parallel -------------------------------------------------------------------
    def partition(self, block_bytes: int = 0) -> Partition:
        """This rank's chunk-aligned node and element slabs (a Partition);
        one rank owns everything for a serial file."""
        return Partition(*self._h.get_partition(int(block_bytes)))

    def partition_pieces(self, elem_start: int, elem_count: int
                         ) -> List[Tuple[int, int, int, int]]:
        """The element blocks' shares of an element slab: a list of
        (block_id, block_start, count, slab_offset)."""
        return self._h.partition_pieces(int(elem_start), int(elem_count))

    # ================================================================
    # Writing: define (any order), then write. See exoslab.h. Ids of
    # entities already defined may be given by name too.
    def _changed(self) -> None:
        self._cache.clear()

    def def_mesh(self, title: str = "", num_dim: int = 3, num_nodes: int = 0) -> None:
        """Define the title, spatial dimension and node count. num_dim 0
        makes a file without a mesh (results or Nemesis data only): no
        coordinates, and has_mesh False when read back."""
        self._h.def_mesh(title, int(num_dim), int(num_nodes))

    def def_block(self, id: int, type: str, num_entries: int, nodes_per_entry: int,
                  kind: KindLike = Kind.ELEM_BLOCK, edges_per_entry: int = 0,
                  faces_per_entry: int = 0, num_attr: int = 0,
                  name: Optional[str] = None) -> None:
        """Define a block. NSIDED: nodes_per_entry is the block's total node
        count; NFACED: faces_per_entry its total face count."""
        self._h.def_block(kind_of(kind), int(id), type, int(num_entries),
                          int(nodes_per_entry), int(edges_per_entry),
                          int(faces_per_entry), int(num_attr), name)
        self._changed()

    def def_set(self, kind: KindLike, id: int, num_entries: int, num_df: int = 0,
                name: Optional[str] = None) -> None:
        """Define a set of num_entries members (and num_df distribution
        factors)."""
        self._h.def_set(kind_of(kind), int(id), int(num_entries), int(num_df), name)
        self._changed()

    def def_set_attr(self, kind: KindLike, id: IdOrName, num_attr: int) -> None:
        """Give a defined set num_attr attributes per member (values:
        put_set_attributes, names: put_set_attr_names)."""
        kind = kind_of(kind)
        self._h.def_set_attr(kind, self._id(kind, id), int(num_attr))
        self._changed()

    def def_node_attr(self, num_attr: int) -> None:
        """Give the nodes num_attr attributes each (after def_mesh)."""
        self._h.def_node_attr(int(num_attr))

    def def_order_map(self) -> None:
        """Declare the legacy element order map (elem_map); without it the
        file has none (put_order_map while defining also declares it)."""
        self._h.def_order_map()

    def def_map(self, kind: KindLike, id: int, name: Optional[str] = None) -> None:
        """Define a named map (node_map1...) of a map kind."""
        self._h.def_map(map_kind_of(kind), int(id), name)
        self._changed()

    def def_vars(self, kind: KindLike, names: Sequence[str]) -> None:
        """Define the variables of a kind (once per kind)."""
        self._h.def_vars(kind_of(kind), list(names))

    def def_truth(self, kind: KindLike, table: npt.ArrayLike) -> None:
        """(entities, variables) table of which variables are stored."""
        self._h.def_truth(kind_of(kind), np.asarray(table))

    def def_prop(self, kind: KindLike, name: str) -> None:
        """Define an integer property of a kind (values: put_prop)."""
        self._h.def_prop(kind_of(kind), name)

    def end_define(self) -> None:
        """End the definitions now (the first bulk write also does)."""
        self._h.end_define()

    def put_name(self, kind: KindLike, id: IdOrName, name: str) -> None:
        """Name (or rename) a block, set or map."""
        kind = kind_of(kind)
        self._h.put_name(kind, self._id(kind, id), name)
        self._changed()

    def put_coord_names(self, names: Sequence[str]) -> None:
        """Names of the coordinate axes."""
        self._h.put_coord_names(list(names))

    def put_attr_names(self, block_id: IdOrName, names: Sequence[str],
                       kind: KindLike = Kind.ELEM_BLOCK) -> None:
        """Names of the attributes of a block, a set (kind= a set kind) or the
        nodes (kind="nodal")."""
        kind = kind_of(kind)
        self._h.put_attr_names(kind, self._id(kind, block_id), list(names))

    def put_set_attr_names(self, kind: KindLike, id: IdOrName,
                           names: Sequence[str]) -> None:
        """Names of a set's attributes."""
        self.put_attr_names(id, names, kind)

    def put_node_attr_names(self, names: Sequence[str]) -> None:
        """Names of the node attributes."""
        self.put_attr_names(0, names, Kind.NODAL)

    def put_prop(self, kind: KindLike, id: IdOrName, name: str, value: int) -> None:
        """Integer property `name` of one entity."""
        kind = kind_of(kind)
        self._h.put_prop(kind, self._id(kind, id), name, int(value))

    def put_qa(self, records: Sequence[Tuple[str, str, str, str]]) -> None:
        """QA records: (code, version, date, time) tuples."""
        self._h.put_qa(list(records))

    def put_info(self, lines: Sequence[str]) -> None:
        """Information records (lines of text)."""
        self._h.put_info(list(lines))

    def put_coords(self, coords: npt.ArrayLike, start: int = 0) -> None:
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

    def put_coord(self, axis: Union[int, str], data: npt.ArrayLike,
                  start: int = 0) -> None:
        """Write one coordinate component of nodes [start, start+n)."""
        self._h.put_coord(_axis(axis), data, int(start))

    def put_connectivity(self, block_id: IdOrName, conn: npt.ArrayLike,
                         start: int = 0, kind: KindLike = Kind.ELEM_BLOCK,
                         which: Union[Conn, str, None] = None) -> None:
        """Write entries [start, start+n) of a block's connectivity from an
        (n, per_entry) array (or flat), 1-based numbers."""
        kind = kind_of(kind)
        bid = self._id(kind, block_id)
        which = self._which(kind, bid, which)
        self._h.put_conn(kind, bid, conn, int(which), int(start))

    def put_entry_counts(self, block_id: IdOrName, counts: npt.ArrayLike,
                         start: int = 0, kind: KindLike = Kind.ELEM_BLOCK) -> None:
        """Nodes (NSIDED) or faces (NFACED) of each entry of a block."""
        kind = kind_of(kind)
        self._h.put_entry_counts(kind, self._id(kind, block_id), counts, int(start))

    def put_attributes(self, block_id: IdOrName, data: npt.ArrayLike,
                       start: int = 0, kind: KindLike = Kind.ELEM_BLOCK) -> None:
        """Attributes of entries [start, start+n) of a block, a set (kind= a
        set kind) or the nodes (kind="nodal"), (n, num_attr)."""
        kind = kind_of(kind)
        self._h.put_attr(kind, self._id(kind, block_id), data, int(start))

    def put_set_attributes(self, kind: KindLike, id: IdOrName, data: npt.ArrayLike,
                           start: int = 0) -> None:
        """Attributes of members [start, start+n) of a set, (n, num_attr)."""
        self.put_attributes(id, data, start, kind)

    def put_node_attributes(self, data: npt.ArrayLike, start: int = 0) -> None:
        """Attributes of nodes [start, start+n), (n, num_node_attr)."""
        self.put_attributes(0, data, start, Kind.NODAL)

    def put_order_map(self, data: npt.ArrayLike, start: int = 0) -> None:
        """Entries [start, start+n) of the legacy element order map (1-based
        element numbers); declares it while definitions are open."""
        self._h.put_order_map(data, int(start))

    def put_set(self, kind: KindLike, id: IdOrName, entries: npt.ArrayLike,
                extra: Optional[npt.ArrayLike] = None, start: int = 0) -> None:
        """Members (and sides / orientations) of a set."""
        kind = kind_of(kind)
        self._h.put_set(kind, self._id(kind, id), entries, extra, int(start))

    def put_node_set(self, id: IdOrName, nodes: npt.ArrayLike, start: int = 0) -> None:
        """Node numbers (1-based) of a node set."""
        self.put_set(Kind.NODE_SET, id, nodes, None, start)

    def put_side_set(self, id: IdOrName, elems: npt.ArrayLike, sides: npt.ArrayLike,
                     start: int = 0) -> None:
        """Elements and sides (both 1-based) of a side set."""
        self.put_set(Kind.SIDE_SET, id, elems, sides, start)

    def put_dist_factors(self, kind: KindLike, id: IdOrName, df: npt.ArrayLike,
                         start: int = 0) -> None:
        """Distribution factors [start, start+n) of a set."""
        kind = kind_of(kind)
        self._h.put_df(kind, self._id(kind, id), df, int(start))

    def put_id_map(self, kind: KindLike, ids: npt.ArrayLike, start: int = 0) -> None:
        """The id map of nodes, elements, edges or faces [start, start+n)."""
        self._h.put_id_map(map_kind_of(kind), ids, int(start))

    def put_map(self, kind: KindLike, id: IdOrName, data: npt.ArrayLike,
                start: int = 0) -> None:
        """Values [start, start+n) of a named map."""
        kind = map_kind_of(kind)
        self._h.put_map(kind, self._id(kind, id), data, int(start))

    def put_time(self, step: int, value: float) -> None:
        """Append (step == num_times) or overwrite a step's time."""
        self._h.put_time(int(step), float(value))

    def put_var(self, kind: KindLike, var: VarRef, id: Optional[IdOrName],
                step: int, data: npt.ArrayLike, start: int = 0) -> None:
        """Write variable `var` of entity `id` (ignored for nodal/global) at
        `step`, entries [start, start+n). C: exs_put_var(f, kind, id, var,
        step, ...) -- see the module's note on argument order."""
        kind = kind_of(kind)
        self._h.put_var(kind, self._id(kind, id), self.var_index(kind, var),
                        int(step), data, int(start))

    def put_vars(self, step: int, requests: Sequence[Sequence[Any]]) -> None:
        """Write several variable slabs of one step in ONE library call. A
        request is ``(kind, var, id, data)`` or ``(kind, var, id, data,
        start)``, the arguments of ``put_var()`` without the step; data is
        used as it is when it is C-ordered with a supported dtype. On a
        parallel file in collective mode this is collective (ranks may pass
        different requests, or none; every rank the same step): PnetCDF
        files finish every slab in one collective wait. C:
        exs_put_vars_all(f, step, n, reqs)."""
        try:
            reqs = [self._batch_req("put_vars", r, 5) for r in requests]
        except Exception:
            self._batch_refused(step, put=True)
            raise
        self._h.put_vars(int(step), reqs)

    def put_nodal(self, var: VarRef, step: int, data: npt.ArrayLike,
                  start: int = 0) -> None:
        """Write a nodal variable at a step, nodes [start, start+n)."""
        self.put_var(Kind.NODAL, var, 0, step, data, start)

    def put_element(self, var: VarRef, block_id: IdOrName, step: int,
                    data: npt.ArrayLike, start: int = 0) -> None:
        """Write an element variable of a block at a step."""
        self.put_var(Kind.ELEM_BLOCK, var, block_id, step, data, start)

    def put_global_vars(self, step: int, values: npt.ArrayLike, start: int = 0) -> None:
        """Global variables [start, start+n) at a step."""
        self._h.put_var(Kind.GLOBAL, 0, 0, int(step), values, int(start))


def zero_based(values: npt.ArrayLike, upper: int, what: str) -> np.ndarray:
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


def _axis(axis: Union[int, str]) -> int:
    if isinstance(axis, str):
        try:
            return "xyz".index(axis.lower())
        except ValueError:
            raise _ext.ArgumentError(f"axis {axis!r}: use 0, 1, 2 or 'x', 'y', 'z'") \
                from None
    return int(axis)


def open(path: PathLike, mode: str = "r", comm: Any = None) -> File:
    """Open an existing Exodus II file (the same as ``File(path, mode, comm)``).

    mode: "r" (read) or "r+"/"a" (add results, names...). comm: an mpi4py
    communicator for a parallel open (MPI build; collective), or None.
    """
    return File(path, mode, comm)


def create(path: PathLike, *, comm: Any = None, clobber: bool = False,
           format: Union[str, int] = "cdf2", int64: bool = False,
           float_size: int = 8, name_len: int = 32, deflate: int = 0,
           shuffle: bool = False, zstd: int = 0, node_chunk: int = 0,
           elem_chunk: int = 0, nparts: int = 0) -> File:
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
