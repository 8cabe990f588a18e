"""ExodusModel: an exomerge-style, in-memory Exodus model on flat arrays.

    import exoslab
    model = exoslab.import_model("mesh.e")
    xyz = model.get_nodes()                  # (num_nodes, 3) float64 array
    conn = model.get_connectivity(1)         # (num_elems, nodes_per_elem), 0-based
    t = model.get_node_field_values("temp")  # read from the file on first use
    model.create_timestep(2.0)
    model.export_model("out.e")

The method names are SEACAS exomerge's. Differences:

* Data are numpy arrays, not lists: get_nodes() is (n, 3); get_connectivity()
  is (num_elems, nodes_per_elem); node set members are a 1-D array; side set
  members are an (n, 3) array of (element_block_id, element_index,
  side_index). Indices are 0-based, as in exomerge (node indices in
  connectivity and node sets, element indices within a block, side indices);
  files store them 1-based and the import/export convert.
* Fields (node, element, global, node set and side set fields) are LAZY: an
  imported model reads a field's values from the file the first time they
  are asked for (all its time steps in one read), so importing a big
  results file is cheap. Structural edits (new timesteps, new nodes,
  export) load what is still pending first. The source file stays open
  until close() or export; do not overwrite it in between except through
  export_model (which loads everything first).
* The old list-of-lists accessors still work but warn
  (DeprecationWarning): the ``nodes`` attribute (list of [x, y, z]),
  ``element_blocks``, ``node_fields``, get_nodes_as_lists() and
  get_connectivity_as_list().
"""
import warnings

import numpy as np

from . import _ext
from ._file import create as _create
from ._file import open as _open
from ._file import zero_based as _zero_based
from ._kinds import Kind

_EXODUS_SUFFIXES = (".e", ".g", ".exo", ".ex2", ".gen", ".exii", ".nc", ".ncf")


def _deprecated(what, instead):
    warnings.warn(f"ExodusModel.{what} is deprecated: it builds Python lists; "
                  f"use {instead} (numpy arrays)", DeprecationWarning, stacklevel=3)


class _Lazy:
    """A field still in the file: kind, variable index, entity id."""
    __slots__ = ("kind", "var", "id")

    def __init__(self, kind, var, id):
        self.kind, self.var, self.id = kind, var, id


class _Block:
    def __init__(self, name, elem_type, conn, attrs=None, attr_names=None):
        self.name = name
        self.type = elem_type
        self.conn = conn              # (num_elems, nodes_per_elem) int64, 0-based
        self.attrs = attrs            # (num_elems, num_attr) float64 or None
        self.attr_names = attr_names or []
        self.fields = {}              # name -> (num_steps, num_elems) | _Lazy


class _Set:
    def __init__(self, name, members, df=None):
        self.name = name
        self.members = members        # node sets: (n,); side sets: (n, 3)
        self.df = df
        self.fields = {}              # name -> (num_steps, n) | _Lazy


def _as_index_array(values, width=None, what="values"):
    a = np.asarray(values, dtype=np.int64)
    if width is not None:
        a = a.reshape(-1, width) if a.size else np.zeros((0, width), np.int64)
    return a


class ExodusModel:
    """An Exodus model in memory (see the module docstring)."""

    def __init__(self):
        self.title = ""
        self.qa_records = []
        self.info_records = []
        self.num_dim = 3
        self._coords = np.zeros((0, 3))
        self._blocks = {}
        self._node_sets = {}
        self._side_sets = {}
        self._node_fields = {}
        self._global_vars = {}
        self._timesteps = []
        self._source = None        # open exoslab.File lazy fields come from

    # ---- import ---------------------------------------------------------
    def import_model(self, filename):
        """Read the mesh of an Exodus file into this (empty) model; fields
        are registered and read on first use."""
        self.close()
        f = _open(filename)
        try:
            self._read_mesh(f)
            self._register_fields(f)
        except BaseException:
            f.close()
            raise
        self._source = f
        return self

    def _read_mesh(self, f):
        self.title = f.title
        self.qa_records = [tuple(r) for r in f.qa_records]
        self.info_records = list(f.info_records)
        self.num_dim = f.num_dim or 3
        xyz = np.zeros((f.num_nodes, 3))
        if f.num_dim:
            xyz[:, :f.num_dim] = f.coords()
        self._coords = xyz
        for bid, b in f.blocks.items():
            self._blocks[bid] = self._read_block(f, b)
        offsets = self._block_offsets()
        for sid, s in f.node_sets.items():
            df = f.dist_factors("node_set", sid) if s.num_df else None
            self._node_sets[sid] = _Set(s.name, _zero_based(
                f.node_set(sid), f.num_nodes, f"node set {sid}"), df)
        for sid, s in f.side_sets.items():
            elems, sides = f.side_set(sid)
            df = f.dist_factors("side_set", sid) if s.num_df else None
            members = self._side_members(
                offsets, _zero_based(elems, f.num_elem, f"side set {sid}"),
                _zero_based(sides, np.iinfo(np.int64).max, f"side set {sid} sides"))
            self._side_sets[sid] = _Set(s.name, members, df)
        self._timesteps = [float(t) for t in f.times]

    def _read_block(self, f, b):
        if b.topology in ("NSIDED", "NFACED"):
            raise _ext.ArgumentError(
                f"element block {b.id} is {b.topology}: ExodusModel holds "
                "fixed-size elements only (use exoslab.File for polyhedra)")
        conn = _zero_based(f.connectivity(b.id), f.num_nodes,
                           f"element block {b.id} connectivity")
        attrs = f.attributes(b.id) if b.num_attr else None
        names = f.attribute_names(b.id) if b.num_attr else []
        return _Block(b.name, b.type, conn, attrs, names)

    def _register_fields(self, f):
        for i, name in enumerate(f.var_names(Kind.NODAL)):
            self._node_fields[name] = _Lazy(Kind.NODAL, i, 0)
        for i, name in enumerate(f.var_names(Kind.GLOBAL)):
            self._global_vars[name] = _Lazy(Kind.GLOBAL, i, 0)
        for kind, store in ((Kind.ELEM_BLOCK, self._blocks),
                            (Kind.NODE_SET, self._node_sets),
                            (Kind.SIDE_SET, self._side_sets)):
            names = f.var_names(kind)
            if not names:
                continue
            truth = f.truth_table(kind)
            for e, eid in enumerate(f.ids(kind)):
                for v, name in enumerate(names):
                    if truth[e, v]:
                        store[int(eid)].fields[name] = _Lazy(kind, v, int(eid))

    def close(self):
        """Close the source file (pending lazy fields are loaded first)."""
        if self._source is not None:
            self._load_all()
            self._source.close()
            self._source = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        src = getattr(self, "_source", None)
        if src is not None:
            src.close()

    # ---- lazy fields ------------------------------------------------------
    def _value(self, lazy):
        f = self._source
        if lazy.kind == Kind.GLOBAL:
            return f.global_history(lazy.var).copy() if f.num_times else \
                np.zeros(0)
        if not f.num_times:
            n = f.num_nodes if lazy.kind == Kind.NODAL else \
                f.entity(lazy.kind, lazy.id).num_entries
            return np.zeros((0, n))
        return f.var_history(lazy.kind, lazy.var, lazy.id)

    def _field(self, store, name):
        v = store[name]
        if isinstance(v, _Lazy):
            v = store[name] = self._value(v)
        return v

    def _stores(self):
        yield self._node_fields
        yield self._global_vars
        for group in (self._blocks, self._node_sets, self._side_sets):
            for obj in group.values():
                yield obj.fields

    def _load_all(self):
        for store in self._stores():
            for name in list(store):
                self._field(store, name)

    # ---- helpers ------------------------------------------------------------
    def _block_offsets(self):
        off, n = {}, 0
        for bid, b in self._blocks.items():
            off[bid] = n
            n += len(b.conn)
        return off

    def _side_members(self, offsets, elems, sides):
        """(block_id, element_index, side_index) of global 0-based elements."""
        ids = np.array(list(offsets), dtype=np.int64)
        starts = np.array(list(offsets.values()), dtype=np.int64)
        which = np.searchsorted(starts, elems, side="right") - 1 if len(ids) else \
            np.zeros(len(elems), np.int64)
        if len(elems) and (len(ids) == 0 or which.min() < 0):
            raise _ext.ArgumentError("side set element outside every block")
        bids = ids[which] if len(ids) else np.zeros(0, np.int64)
        return np.stack([bids, elems - starts[which] if len(ids) else elems,
                         sides], axis=1).astype(np.int64)

    def _block_id(self, element_block_id):
        if element_block_id == "auto":
            if len(self._blocks) != 1:
                raise _ext.ArgumentError(
                    "element_block_id='auto' needs exactly one element block; "
                    f"there are {len(self._blocks)}")
            return next(iter(self._blocks))
        if element_block_id not in self._blocks:
            raise _ext.NotFoundError(f"no element block {element_block_id}")
        return element_block_id

    def _block_ids(self, element_block_ids):
        if element_block_ids == "all":
            return list(self._blocks)
        if isinstance(element_block_ids, (int, np.integer)):
            element_block_ids = [element_block_ids]
        return [self._block_id(b) for b in element_block_ids]

    def _step_index(self, timestep):
        if not self._timesteps:
            raise _ext.NotFoundError("the model has no timesteps")
        if timestep == "last":
            return len(self._timesteps) - 1
        if timestep == "first":
            return 0
        try:
            return self._timesteps.index(float(timestep))
        except ValueError:
            raise _ext.NotFoundError(f"no timestep {timestep}; the model has "
                                     f"{self._timesteps}") from None

    def _default_value(self, value):
        return 0.0 if value == "auto" else float(value)

    # ---- nodes ----------------------------------------------------------------
    def get_nodes(self):
        """(num_nodes, 3) float64 array of coordinates (the model's own:
        editing it edits the model)."""
        return self._coords

    def get_node_count(self):
        return len(self._coords)

    def create_nodes(self, new_nodes):
        """Append nodes, an (n, 3) (or (n, 2)/(n, 1)) array-like. Node
        fields get 0 at the new nodes."""
        new = np.atleast_2d(np.asarray(new_nodes, dtype=np.float64))
        if new.size == 0:
            return
        pad = np.zeros((len(new), 3))
        pad[:, :new.shape[1]] = new
        self._load_all()
        self._coords = np.concatenate([self._coords, pad])
        for name, v in self._node_fields.items():
            self._node_fields[name] = np.concatenate(
                [v, np.zeros((v.shape[0], len(new)))], axis=1)

    @property
    def nodes(self):
        """Deprecated: the nodes as a list of [x, y, z] lists."""
        _deprecated("nodes", "get_nodes()")
        return self._coords.tolist()

    @nodes.setter
    def nodes(self, value):
        _deprecated("nodes", "create_nodes() / get_nodes()[...] = ...")
        arr = np.asarray(value, dtype=np.float64).reshape(-1, 3)
        if len(arr) != len(self._coords) and (self._node_fields or self._blocks):
            raise _ext.ArgumentError("assigning a different number of nodes; use "
                                     "create_nodes()")
        self._coords = arr

    def get_nodes_as_lists(self):
        """Deprecated: get_nodes() as a list of [x, y, z] lists."""
        _deprecated("get_nodes_as_lists()", "get_nodes()")
        return self._coords.tolist()

    # ---- element blocks ----------------------------------------------------------
    def get_element_block_ids(self):
        return list(self._blocks)

    def element_block_exists(self, element_block_id):
        return element_block_id in self._blocks

    def get_element_block_name(self, element_block_id):
        return self._blocks[self._block_id(element_block_id)].name

    def rename_element_block(self, element_block_id, new_name):
        self._blocks[self._block_id(element_block_id)].name = str(new_name)

    def get_element_type(self, element_block_id):
        return self._blocks[self._block_id(element_block_id)].type

    def get_nodes_per_element(self, element_block_id):
        return self._blocks[self._block_id(element_block_id)].conn.shape[1]

    def get_element_count(self, element_block_ids="all"):
        return sum(len(self._blocks[b].conn) for b in self._block_ids(element_block_ids))

    def get_connectivity(self, element_block_id="auto"):
        """(num_elems, nodes_per_elem) int64 array of 0-based node indices
        (the model's own)."""
        return self._blocks[self._block_id(element_block_id)].conn

    def get_connectivity_as_list(self, element_block_id="auto"):
        """Deprecated: the connectivity as one flat list (exomerge's form)."""
        _deprecated("get_connectivity_as_list()", "get_connectivity()")
        return self.get_connectivity(element_block_id).ravel().tolist()

    def get_element_block_attributes(self, element_block_id):
        b = self._blocks[self._block_id(element_block_id)]
        return b.attrs if b.attrs is not None else np.zeros((len(b.conn), 0))

    def create_element_block(self, element_block_id, info, connectivity=None):
        """info = [element_type, num_elems, nodes_per_elem, num_attr];
        connectivity: 0-based node indices, flat or (num_elems, npe)."""
        if element_block_id in self._blocks:
            raise _ext.ArgumentError(f"element block {element_block_id} exists")
        etype, nelem, npe, nattr = (list(info) + [0])[:4]
        conn = np.zeros((int(nelem), int(npe)), np.int64) if connectivity is None \
            else _as_index_array(connectivity, int(npe))
        if conn.shape != (int(nelem), int(npe)):
            raise _ext.ArgumentError(
                f"connectivity has {conn.size} values; {nelem} elements x {npe} "
                "nodes expected")
        if conn.size and (conn.min() < 0 or conn.max() >= len(self._coords)):
            raise _ext.ArgumentError("connectivity refers to a node that does "
                                     "not exist (0-based indices)")
        attrs = np.zeros((int(nelem), int(nattr))) if nattr else None
        self._blocks[element_block_id] = _Block("", str(etype), conn, attrs)

    def delete_element_block(self, element_block_ids):
        """Remove blocks (and their fields); side set members on them go too."""
        ids = self._block_ids(element_block_ids)
        self._load_all()
        for s in self._side_sets.values():
            keep = ~np.isin(s.members[:, 0], ids)
            s.members = s.members[keep]
            s.df = None
            for name, v in s.fields.items():
                s.fields[name] = v[:, keep]
        for b in ids:
            del self._blocks[b]

    @property
    def element_blocks(self):
        """Deprecated: {id: [name, info, connectivity list, fields]}."""
        _deprecated("element_blocks", "get_connectivity() and friends")
        out = {}
        for bid, b in self._blocks.items():
            info = [b.type, len(b.conn), b.conn.shape[1],
                    0 if b.attrs is None else b.attrs.shape[1]]
            fields = {n: self._field(b.fields, n).tolist() for n in b.fields}
            out[bid] = [b.name, info, b.conn.ravel().tolist(), fields]
        return out

    # ---- timesteps ------------------------------------------------------------------
    def get_timesteps(self):
        """The time values, a list."""
        return list(self._timesteps)

    def timestep_exists(self, timestep):
        return float(timestep) in self._timesteps

    def create_timestep(self, timestep):
        """Append a timestep; every field gets 0 at it."""
        timestep = float(timestep)
        if timestep in self._timesteps:
            raise _ext.ArgumentError(f"timestep {timestep} exists")
        self._load_all()
        self._timesteps.append(timestep)
        for store in self._stores():
            for name, v in store.items():
                pad = np.zeros((1,) + v.shape[1:])
                store[name] = np.concatenate([v, pad])

    def delete_timestep(self, timestep):
        i = self._step_index(timestep)
        self._load_all()
        del self._timesteps[i]
        for store in self._stores():
            for name, v in store.items():
                store[name] = np.delete(v, i, axis=0)

    def _ensure_timestep(self):
        if not self._timesteps:
            self.create_timestep(0.0)

    # ---- node fields ---------------------------------------------------------------
    def get_node_field_names(self):
        return list(self._node_fields)

    def node_field_exists(self, node_field_name):
        return node_field_name in self._node_fields

    def get_node_field_values(self, node_field_name, timestep="last"):
        """Values of a node field at a timestep (1-D array; a view of the
        model's (num_steps, num_nodes) array, so edits stick)."""
        if node_field_name not in self._node_fields:
            raise _ext.NotFoundError(f"no node field {node_field_name!r}")
        return self._field(self._node_fields, node_field_name)[
            self._step_index(timestep)]

    def create_node_field(self, node_field_name, value="auto"):
        if node_field_name in self._node_fields:
            raise _ext.ArgumentError(f"node field {node_field_name!r} exists")
        self._ensure_timestep()
        self._node_fields[node_field_name] = np.full(
            (len(self._timesteps), len(self._coords)), self._default_value(value))

    def delete_node_field(self, node_field_name):
        del self._node_fields[node_field_name]

    @property
    def node_fields(self):
        """Deprecated: {name: [list of values per timestep]}."""
        _deprecated("node_fields", "get_node_field_values()")
        return {n: self._field(self._node_fields, n).tolist()
                for n in self._node_fields}

    # ---- element fields ----------------------------------------------------------------
    def get_element_field_names(self, element_block_ids="all"):
        names = []
        for b in self._block_ids(element_block_ids):
            names += [n for n in self._blocks[b].fields if n not in names]
        return names

    def element_field_exists(self, element_field_name, element_block_ids="all"):
        return all(element_field_name in self._blocks[b].fields
                   for b in self._block_ids(element_block_ids))

    def get_element_field_values(self, element_field_name, element_block_id="auto",
                                 timestep="last"):
        """Values of an element field in one block at a timestep (a view)."""
        b = self._blocks[self._block_id(element_block_id)]
        if element_field_name not in b.fields:
            raise _ext.NotFoundError(f"no element field {element_field_name!r} "
                                     f"in block {element_block_id}")
        return self._field(b.fields, element_field_name)[self._step_index(timestep)]

    def create_element_field(self, element_field_name, element_block_ids="all",
                             value="auto"):
        self._ensure_timestep()
        for bid in self._block_ids(element_block_ids):
            b = self._blocks[bid]
            if element_field_name in b.fields:
                raise _ext.ArgumentError(f"element field {element_field_name!r} "
                                         f"exists in block {bid}")
            b.fields[element_field_name] = np.full(
                (len(self._timesteps), len(b.conn)), self._default_value(value))

    def delete_element_field(self, element_field_name, element_block_ids="all"):
        for bid in self._block_ids(element_block_ids):
            self._blocks[bid].fields.pop(element_field_name, None)

    # ---- global variables --------------------------------------------------------------
    def get_global_variable_names(self):
        return list(self._global_vars)

    def global_variable_exists(self, global_variable_name):
        return global_variable_name in self._global_vars

    def get_global_variable_value(self, global_variable_name, timestep="last"):
        if global_variable_name not in self._global_vars:
            raise _ext.NotFoundError(f"no global variable {global_variable_name!r}")
        v = self._field(self._global_vars, global_variable_name)
        return float(v[self._step_index(timestep)])

    def create_global_variable(self, global_variable_name, value="auto"):
        if global_variable_name in self._global_vars:
            raise _ext.ArgumentError(
                f"global variable {global_variable_name!r} exists")
        self._ensure_timestep()
        self._global_vars[global_variable_name] = np.full(
            len(self._timesteps), self._default_value(value))

    def delete_global_variable(self, global_variable_name):
        del self._global_vars[global_variable_name]

    # ---- node sets -------------------------------------------------------------------------
    def get_node_set_ids(self):
        return list(self._node_sets)

    def node_set_exists(self, node_set_id):
        return node_set_id in self._node_sets

    def _node_set(self, node_set_id):
        try:
            return self._node_sets[node_set_id]
        except KeyError:
            raise _ext.NotFoundError(f"no node set {node_set_id}") from None

    def get_node_set_members(self, node_set_id):
        """0-based node indices (1-D int64 array)."""
        return self._node_set(node_set_id).members

    def get_node_set_name(self, node_set_id):
        return self._node_set(node_set_id).name

    def get_node_set_field_names(self, node_set_id):
        return list(self._node_set(node_set_id).fields)

    def get_node_set_field_values(self, node_set_id, field_name, timestep="last"):
        s = self._node_set(node_set_id)
        return self._field(s.fields, field_name)[self._step_index(timestep)]

    def create_node_set(self, node_set_id, node_set_members=None):
        if node_set_id in self._node_sets:
            raise _ext.ArgumentError(f"node set {node_set_id} exists")
        members = _as_index_array([] if node_set_members is None else
                                  node_set_members).ravel()
        self._node_sets[node_set_id] = _Set("", members)

    # ---- side sets -------------------------------------------------------------------------
    def get_side_set_ids(self):
        return list(self._side_sets)

    def side_set_exists(self, side_set_id):
        return side_set_id in self._side_sets

    def _side_set(self, side_set_id):
        try:
            return self._side_sets[side_set_id]
        except KeyError:
            raise _ext.NotFoundError(f"no side set {side_set_id}") from None

    def get_side_set_members(self, side_set_id):
        """(n, 3) int64 array: element_block_id, element_index (0-based in
        the block), side_index (0-based)."""
        return self._side_set(side_set_id).members

    def get_side_set_name(self, side_set_id):
        return self._side_set(side_set_id).name

    def get_side_set_field_names(self, side_set_id):
        return list(self._side_set(side_set_id).fields)

    def get_side_set_field_values(self, side_set_id, field_name, timestep="last"):
        s = self._side_set(side_set_id)
        return self._field(s.fields, field_name)[self._step_index(timestep)]

    def create_side_set(self, side_set_id, side_set_members=None):
        """Members as (element_block_id, element_index, side_index) rows."""
        if side_set_id in self._side_sets:
            raise _ext.ArgumentError(f"side set {side_set_id} exists")
        members = _as_index_array([] if side_set_members is None else
                                  side_set_members, 3)
        for bid in np.unique(members[:, 0]):
            self._block_id(int(bid))
        self._side_sets[side_set_id] = _Set("", members)

    # ---- export ---------------------------------------------------------------------------
    def export(self, filename, *args, **kwargs):
        """Write the model; the file name says the format (Exodus only)."""
        if not str(filename).lower().endswith(_EXODUS_SUFFIXES):
            raise _ext.ArgumentError(
                f"{filename}: exoslab's ExodusModel writes Exodus files only "
                f"({', '.join(_EXODUS_SUFFIXES)})")
        return self.export_model(filename, *args, **kwargs)

    def export_model(self, filename="output_exomerge.e", element_block_ids="all",
                     timesteps="all", format="cdf2", int64=False, clobber=True):
        """Write the model to an Exodus file (overwriting it by default).

        element_block_ids / timesteps: "all" or a list (of ids / time
        values) to write a part. format, int64: as exoslab.create.
        """
        self._load_all()
        if self._source is not None:       # the target may be the source
            self._source.close()
            self._source = None
        blocks = self._block_ids(element_block_ids)
        steps = list(range(len(self._timesteps))) if timesteps == "all" else \
            [self._step_index(t) for t in timesteps]
        with _create(filename, clobber=clobber, format=format, int64=int64,
                     name_len=self._name_len()) as f:
            _Writer(self, f, blocks, steps).write()

    def _name_len(self):
        """Longest name the file must hold (at least libexodus' 32)."""
        names = [b.name for b in self._blocks.values()]
        names += [s.name for s in self._node_sets.values()]
        names += [s.name for s in self._side_sets.values()]
        for b in self._blocks.values():
            names += list(b.attr_names)
        for store in self._stores():
            names += list(store)
        return max([32] + [len(n.encode("utf-8", "surrogateescape")) for n in names])


class _Writer:
    """Writes a model: definitions first, then data (exoslab's order)."""

    def __init__(self, model, f, blocks, steps):
        self.m, self.f, self.blocks, self.steps = model, f, blocks, steps
        self.offsets = {}
        n = 0
        for bid in blocks:
            self.offsets[bid] = n
            n += len(model._blocks[bid].conn)

    def _side_sets(self):
        """Side sets restricted to the written blocks: id -> (set, rows)."""
        out = {}
        for sid, s in self.m._side_sets.items():
            keep = np.isin(s.members[:, 0], self.blocks)
            out[sid] = (s, keep)
        return out

    def define(self):
        m, f = self.m, self.f
        f.def_mesh(m.title, m.num_dim, len(m._coords))
        for bid in self.blocks:
            b = m._blocks[bid]
            f.def_block(bid, b.type, len(b.conn), b.conn.shape[1],
                        num_attr=0 if b.attrs is None else b.attrs.shape[1],
                        name=b.name or None)
        for sid, s in m._node_sets.items():
            f.def_set("node_set", sid, len(s.members),
                      0 if s.df is None else len(s.df), s.name or None)
        for sid, (s, keep) in self._side_sets().items():
            ndf = len(s.df) if s.df is not None and keep.all() else 0
            f.def_set("side_set", sid, int(keep.sum()), ndf, s.name or None)
        self._define_vars()
        if m.qa_records:
            f.put_qa(m.qa_records)
        if m.info_records:
            f.put_info(m.info_records)

    def _define_vars(self):
        m, f = self.m, self.f
        if m._global_vars:
            f.def_vars("global", list(m._global_vars))
        if m._node_fields:
            f.def_vars("nodal", list(m._node_fields))
        for kind, group, ids in (("elem_block", m._blocks, self.blocks),
                                 ("node_set", m._node_sets, list(m._node_sets)),
                                 ("side_set", m._side_sets, list(m._side_sets))):
            names = []
            for i in ids:
                names += [n for n in group[i].fields if n not in names]
            if not names:
                continue
            f.def_vars(kind, names)
            f.def_truth(kind, [[n in group[i].fields for n in names] for i in ids])

    def write(self):
        self.define()
        m, f = self.m, self.f
        if m.num_dim:
            f.put_coords(m._coords[:, :m.num_dim])
        for bid in self.blocks:
            b = m._blocks[bid]
            if b.conn.size:
                f.put_connectivity(bid, b.conn + 1)
            if b.attrs is not None and b.attrs.size:
                f.put_attributes(bid, b.attrs)
                if b.attr_names:
                    f.put_attr_names(bid, b.attr_names)
        self._write_sets()
        self._write_steps()

    def _write_sets(self):
        m, f = self.m, self.f
        for sid, s in m._node_sets.items():
            f.put_node_set(sid, s.members + 1)
            if s.df is not None:
                f.put_dist_factors("node_set", sid, s.df)
        for sid, (s, keep) in self._side_sets().items():
            rows = s.members[keep]
            off = np.array([self.offsets[int(b)] for b in rows[:, 0]], np.int64)
            f.put_side_set(sid, off + rows[:, 1] + 1, rows[:, 2] + 1)
            if s.df is not None and keep.all():
                f.put_dist_factors("side_set", sid, s.df)

    def _write_steps(self):
        m, f = self.m, self.f
        gnames = list(m._global_vars)
        for out_step, i in enumerate(self.steps):
            f.put_time(out_step, m._timesteps[i])
            if gnames:
                f.put_global_vars(out_step, [m._global_vars[n][i] for n in gnames])
            for name, v in m._node_fields.items():
                f.put_nodal(name, out_step, v[i])
            for bid in self.blocks:
                for name, v in m._blocks[bid].fields.items():
                    f.put_element(name, bid, out_step, v[i])
            self._write_set_fields(out_step, i)

    def _write_set_fields(self, out_step, i):
        m, f = self.m, self.f
        for sid, s in m._node_sets.items():
            for name, v in s.fields.items():
                f.put_var("node_set", name, sid, out_step, v[i])
        for sid, (s, keep) in self._side_sets().items():
            for name, v in s.fields.items():
                f.put_var("side_set", name, sid, out_step, v[i][keep])


def import_model(filename, *args, **kwargs):
    """A new ExodusModel read from an Exodus file (fields lazily)."""
    return ExodusModel().import_model(filename, *args, **kwargs)
