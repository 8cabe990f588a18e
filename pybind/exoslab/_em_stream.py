"""Streaming mode of exoslab.exomerge.

Stream: a model imported with mode="streaming" keeps its source file open
and holds only metadata (ids, names, counts, sets, times, global
variables). Coordinates and each block's connectivity are read on first
use; a field is a LazySteps placeholder that reads one step (one exoslab
slab read) the first time that step is asked for and caches it. Export
reads what is not cached step by step, without keeping it. Any other
operation calls model._materialize() first, which loads the rest and
drops the file.

Sink: ExodusModel.create(filename, like) writes the mesh and the field
definitions of `like` at once; put_values() then writes steps straight to
the file (nothing kept in memory).
"""
from __future__ import annotations

import os

import numpy as np

from ._em_model import ElementBlockData
from ._kinds import Kind


class LazySteps:
    """A field still in the file: (steps, n) read one step at a time."""
    __slots__ = ("stream", "kind", "var", "eid", "shape", "cache", "fsteps")

    def __init__(self, stream, kind, var, eid, shape, fsteps):
        self.stream, self.kind, self.var, self.eid = stream, kind, var, eid
        self.shape, self.cache, self.fsteps = shape, {}, fsteps

    def __len__(self):
        return self.shape[0]

    def read(self, i):
        f = self.stream.file()
        return f.var(self.kind, self.var, self.eid, self.fsteps[i])

    def __getitem__(self, i):
        if not isinstance(i, (int, np.integer)):
            raise TypeError("a streaming field is read one step at a time; "
                            "call model._materialize() for whole arrays")
        i = int(i) + (self.shape[0] if i < 0 else 0)
        row = self.cache.get(i)
        if row is None:
            row = self.cache[i] = self.read(i)
        return row

    def full(self):
        """The whole (steps, n) array: one read over all steps when the
        model's steps are a run of the file's (the usual case), else one
        read per step; rows already read are taken from the cache (they
        may have been edited in place)."""
        n, fs = self.shape[0], self.fsteps
        if n and list(fs) == list(range(fs[0], fs[0] + n)):
            out = self.stream.file().var_history(self.kind, self.var, self.eid,
                                                 fs[0], n)
            for i, row in self.cache.items():
                out[i] = row
            return out
        out = np.empty(self.shape)
        for i in range(n):
            out[i] = self.cache[i] if i in self.cache else self.read(i)
        return out


class Stream:
    """The source of a streaming model (see the module docstring)."""

    def __init__(self, m, f, path):
        from ._em_io import _Importer
        self.f, self.path = f, path
        self.num_nodes = f.num_nodes
        self.coords_pending = True
        imp = _Importer(m, f, path)
        imp.select(*(["all"] * 9))
        n = self.num_nodes
        imp.offset, imp.all_nodes, imp.identity = 0, True, True
        imp._used = imp._node_map = None
        self._blocks(m, imp)
        imp.timesteps()
        fsteps = [fi for fi, _ in sorted(imp.pairs, key=lambda p: p[1])]
        names = imp.vnames
        for name in imp.nfn:
            m._node_fields[name] = LazySteps(
                self, Kind.NODAL, names[Kind.NODAL].index(name), 0,
                (len(fsteps), n), fsteps)
        imp.node_sets()
        imp.side_sets()
        imp.set_fields(Kind.NODE_SET, imp.nsfn, imp.nsids, imp.fnsids,
                       m._node_sets, imp.ns_pos)
        imp.set_fields(Kind.SIDE_SET, imp.ssfn, imp.ssids, imp.fssids,
                       m._side_sets, imp.ss_pos)
        self._element_fields(m, imp, fsteps)
        imp.globals()
        imp.records()

    def _blocks(self, m, imp):
        f = self.f
        for bid in imp.ebids:
            info = f.blocks[bid]
            b = ElementBlockData(elem_type=info.type, name=info.name or "",
                                 nodes_per_element=info.nodes_per_entry,
                                 num_attributes=info.num_attr,
                                 _num_elements=info.num_entries,
                                 _conn_pending=bool(info.num_entries))
            if info.num_attr and info.num_entries:
                b.attributes = f.attributes(bid)
                b.attribute_names = list(f.attribute_names(bid))
            m._blocks[bid] = b

    def _element_fields(self, m, imp, fsteps):
        if not imp.efn:
            return
        table = self.f.truth_table(Kind.ELEM_BLOCK)
        names = imp.vnames[Kind.ELEM_BLOCK]
        for name in imp.efn:
            vi = names.index(name)
            for bid in imp.ebids:
                if table[imp.fbids.index(bid), vi]:
                    b = m._blocks[bid]
                    b.fields[name] = LazySteps(self, Kind.ELEM_BLOCK, vi, bid,
                                               (len(fsteps), b.num_elements),
                                               fsteps)

    def file(self):
        if self.f is None:
            raise ValueError("this streaming model was closed: its data that "
                             "was not read yet is no longer available")
        return self.f

    def is_source(self, path):
        try:
            return os.path.samefile(path, self.path)
        except OSError:
            return False

    # ---- reads -------------------------------------------------------------
    def _read_coords(self):
        from ._em_io import _read_xyz
        f = self.file()
        if not self.num_nodes:
            return np.zeros((0, 3))
        return _read_xyz(f, self.num_nodes, f.num_dim)

    def load_coords(self, m):
        if self.coords_pending:
            m._coords = self._read_coords()
            self.coords_pending = False

    def peek_coords(self):
        return self._read_coords()

    def peek_conn(self, b, bid):
        from ._em_io import _read_conn
        c, _, _ = _read_conn(self.file(), bid, b.num_elements,
                             b.nodes_per_element)
        return c

    def copy_coords(self, out, dim):
        """Write the coordinates to `out` one axis at a time."""
        f = self.file()
        for axis in range(min(dim, f.num_dim)):
            out.put_coord(axis, f.coord(axis))

    def copy_conn(self, out, bid, num_elements, slab=1 << 17):
        """Write a block's connectivity to `out` in slabs of elements (the
        stored 1-based numbers, unchanged)."""
        f = self.file()
        for start in range(0, num_elements, slab):
            count = min(slab, num_elements - start)
            out.put_connectivity(bid, f.connectivity(bid, start, count),
                                 start=start)

    def load_block(self, m, bid):
        b = m._blocks.get(bid)
        if b is not None and b._conn_pending:
            conn = self.peek_conn(b, bid)
            b._conn_pending = False
            b.connectivity = conn

    def load_step(self, m, store, name, i):
        v = store[name]
        if isinstance(v, LazySteps):
            v[i]

    @staticmethod
    def peek_step(store, name, i):
        v = store[name]
        if isinstance(v, LazySteps):
            return v.cache[i] if i in v.cache else v.read(i)
        return v[i]

    def materialize_all(self, m):
        """Load everything still in the file, then release it."""
        if self.f is None:
            return
        self.load_coords(m)
        for bid in m._blocks:
            self.load_block(m, bid)
        stores = [m._node_fields] + [b.fields for b in m._blocks.values()]
        for store in stores:
            for name, v in list(store.items()):
                if isinstance(v, LazySteps):
                    store[name] = v.full()
        self.close()
        m._stream = None

    def close(self):
        if self.f is not None:
            self.f.close()
            self.f = None


class Sink:
    """The output file of a model made by ExodusModel.create()."""

    def __init__(self, f, names):
        self.f, self.names = f, names

    @classmethod
    def bind(cls, model_cls, path, like, format, int64):
        from ._em_io import _Exporter, _name_len
        from ._file import create
        steps = like.get_timesteps()
        ebids = like.get_element_block_ids()
        ex = _Exporter(like, ebids, steps, like.get_side_set_ids(),
                       like.get_node_set_ids(), like.get_global_variable_names(),
                       like.get_node_field_names(),
                       like.get_element_field_names(),
                       like.get_side_set_field_names(),
                       like.get_node_set_field_names())
        if like._title == "":
            like._title = "<no title supplied>"
        if os.path.isfile(path):
            os.remove(path)
        f = create(path, clobber=True, format=format, int64=int64,
                   name_len=_name_len(like, ex.names()))
        ex.define(f)
        ex.mesh(f)
        for k, t in enumerate(steps):
            f.put_time(k, t)
        m = model_cls(mode="streaming")
        m._title, m.num_dimension = like._title, like.num_dimension
        m._timesteps = np.array(steps, dtype=np.float64)
        m._coords = like.get_coords_array()
        for bid in ebids:
            b = like._blocks[bid]
            nb = ElementBlockData(name=b.name, elem_type=b.elem_type,
                                  nodes_per_element=b.nodes_per_element,
                                  _num_elements=b.num_elements,
                                  _conn_pending=True)
            nb.fields = {n: None for n in b.fields}
            m._blocks[bid] = nb
        m._node_fields = {n: None for n in ex.nfn}
        m._global_variables = {n: np.full(len(steps), np.nan) for n in ex.gvn}
        m._sink = cls(f, {"node": list(ex.nfn), "element": list(ex.efn),
                          "global": list(ex.gvn)})
        m._sink_source = like
        return m

    def put(self, manager, name, values, timestep, entity_id):
        from ._em_views import ElementFields, GlobalFields
        m = manager._m
        i = m._get_internal_timestep_index(timestep)
        if isinstance(manager, GlobalFields):
            kind, key, eid = Kind.GLOBAL, "global", None
        elif isinstance(manager, ElementFields):
            kind, key = Kind.ELEM_BLOCK, "element"
            eid = m._one_block("auto" if entity_id is None else entity_id)
        else:
            kind, key, eid = Kind.NODAL, "node", None
        if name not in self.names[key]:
            m._error("Field not in the output file",
                     f'"{name}" is not a {key} field of the file this model '
                     "writes; define it on the model given to create().")
        vi = self.names[key].index(name)
        if kind == Kind.GLOBAL:
            m._global_variables[name][i] = float(np.asarray(values).ravel()[0])
            self.f.put_global_vars(i, np.nan_to_num(np.array(
                [m._global_variables[n][i] for n in self.names["global"]]),
                nan=np.nan))
            return
        self.f.put_var(kind, vi, eid, i, np.ascontiguousarray(values,
                                                              dtype=np.float64))

    def close(self):
        if self.f is not None:
            self.f.close()
            self.f = None
