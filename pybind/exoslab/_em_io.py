"""Import, export and streaming of exoslab.exomerge models.

import_into() follows exomerge3's import_model: the selection arguments,
and importing into a non-empty model merges (new nodes are appended,
element blocks must be new, timesteps are united, fields of existing
entities get exomerge's default value where the file has none, sets with
the same id are united, titles after the first go to the info records).
Each array is allocated once, in its final form (_empty: its pages are
faulted in by a second thread while it is filled), and filled by exoslab
reads: a field in one read over all its steps, an id map in one read
(checked against 1..n in cache-sized slabs); coordinates and
connectivity in cache-sized slabs, so the (n, 3)
transposition, the 0-based shift and the checks need no full-size
temporary.

In streaming mode a whole-file import into an empty model reads only the
metadata; Stream serves coordinates, connectivity and single field steps
from the file on first use (exoslab slab reads, one step per request) and
caches them. Export from such a model streams: one array in memory at a
time. Sink binds a model to an output file so put_values() writes steps
straight to disk.
"""
from __future__ import annotations

import datetime
import os
import queue
import textwrap
import threading

import numpy as np

from ._em_model import ElementBlockData, first_unique
from ._em_stream import Sink, Stream
from ._file import create as _create
from ._file import open as _open
from ._kinds import Kind

_POLY = ("NSIDED", "NFACED")


def _dedup_names(names):
    """File variable names; a repeated name becomes a distinct key."""
    from .exomerge import _DupName
    seen, out = {}, []
    for n in names:
        k = seen.get(n, 0)
        out.append(n if k == 0 else _DupName(n, k))
        seen[n] = k + 1
    return out


def _refuse_outside(m, idx, n, short, what):
    """Refuse 0-based indices outside [0, n): an exomerge model has no
    place for them (and numpy would wrap a -1). The message names the first
    offending value as stored (1-based)."""
    if not len(idx):
        return
    bad = idx[(idx < 0) | (idx >= n)]
    if len(bad):
        m._error(short, f"{what} holds {int(bad[0]) + 1}, outside 1..{n}: "
                 "an exomerge model cannot hold it.")


# Slabs of the bulk arrays: about this many bytes, so that the fix-ups done
# on each slab (0-based shift, range check, transposition) run in cache and
# no full-size temporary is made.
_SLAB_BYTES = 1 << 20


def _slab_len(f, kind, eid, entry_bytes):
    """Entries per slab: a multiple of the file's natural slab (its HDF5
    chunk, when chunked: a slab never splits a chunk) of about _SLAB_BYTES."""
    natural = max(1, f.chunk_len(kind, eid, _SLAB_BYTES))
    return natural * max(1, _SLAB_BYTES // (natural * max(1, entry_bytes)))


def _read_slab_len(f, kind, eid, entry_bytes):
    """Entries per slab of a bulk read. As _slab_len, but a natural slab
    larger than _SLAB_BYTES is split when the file holds no compressed
    variable: exs_chunk_len falls back to the first result variable's chunk
    (a whole step: all the nodes) for contiguous coordinates and
    connectivity, and reading those in one piece made a full-size temporary
    of the coordinates and ran the connectivity's fix-ups out of cache.
    Part of an uncompressed chunk is read straight from the file; only a
    compressed one must be read whole."""
    step = _slab_len(f, kind, eid, entry_bytes)
    if step * entry_bytes > _SLAB_BYTES and not f.compressed:
        step = max(1, _SLAB_BYTES // max(1, entry_bytes))
    return step


# How the model's bulk arrays get their memory.  The first touch of fresh
# memory is most of an in-memory import: every page is allocated and zeroed
# by the kernel, and on a VM each new page may also cost the hypervisor
# work.  Which page size is cheap depends on the host, by a factor:
# - on this project's current VM kind (AMD EPYC guest, 2026-12-04), 4 KiB
#   pages cost ~1.5 ms per MiB to touch and 2 MiB transparent huge pages
#   a fraction of that: the 1.03M-node benchmark file imports in 0.08 s on
#   huge pages and in 0.61-0.66 s on small ones;
# - on the earlier kind (free-page reporting on 2 MiB blocks), a huge page
#   freed a second before had gone back to the host and cost 3-4 ms per MiB,
#   small pages ~0.3-0.5 ms.
# So huge pages by default (the data on a 2 MiB boundary, see _empty), and
# EXOSLAB_HUGE_PAGES=0 for hosts like the earlier one: 4 KiB pages, each
# array of at least _POPULATE_MIN bytes faulted in by a second thread from
# its end backwards (_ext.populate_pages) while the import reads into it
# from the front (where there is one CPU, or no extension, the reader
# faults everything in itself).  On huge pages that thread made imports
# slower here (0.25-0.35 s against 0.08 s), so it runs on small pages only.
# docs/performance.md, "exomerge import", has the measurements.
_POPULATE_MIN = 8 << 20
_HUGE_PAGE = 2 << 20
_HUGE_PAGES = os.environ.get("EXOSLAB_HUGE_PAGES", "1").strip().lower() not in (
    "0", "no", "off", "false")


class _Populator:
    """One daemon thread that faults queued arrays in, one at a time in
    the order they were allocated, each from its end backwards: it meets
    the reader inside the array being filled, then runs ahead into the
    arrays allocated next (the importer allocates a group of fields before
    reading them, so that there is an ahead)."""

    def __init__(self):
        self.queue = queue.Queue()
        self.thread = None
        self.lock = threading.Lock()

    def _run(self, populate):
        while True:
            arr = self.queue.get()
            try:
                if arr is not None:
                    populate(arr)
            finally:
                arr = None
                self.queue.task_done()

    def add(self, arr, populate):
        with self.lock:
            if self.thread is None:
                self.thread = threading.Thread(
                    target=self._run, args=(populate,), daemon=True,
                    name="exoslab-populate")
                self.thread.start()
        self.queue.put(arr)

    def wait(self):
        """Drop what is still queued (the reader has filled it) and wait
        for the array in progress: no thread then holds a model array."""
        while True:
            try:
                self.queue.get_nowait()
            except queue.Empty:
                break
            self.queue.task_done()
        self.queue.join()


_populator = _Populator()
if hasattr(os, "register_at_fork"):     # the thread does not survive a fork
    os.register_at_fork(after_in_child=lambda: globals().update(
        _populator=_Populator()))


def _helpers():
    """The extension's (page_advice, populate_pages), or None."""
    try:
        from . import _ext
    except ImportError:         # pure-Python use without the extension
        return None
    advice = getattr(_ext, "page_advice", None)
    populate = getattr(_ext, "populate_pages", None)
    return (advice, populate) if advice and populate else None


def _cpus():
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _empty(shape, dtype=np.float64):
    """np.empty(shape, dtype) for one of the model's bulk arrays, on the
    page size chosen above.  With huge pages the data starts on a 2 MiB
    boundary and ends inside the allocation's last 2 MiB page (numpy's own
    allocation starts 16 bytes into an mmap, so its first and last parts
    would be faulted in 4 KiB at a time); the slack is never touched.  On
    small pages an array of _POPULATE_MIN bytes or more is faulted in from
    the back by a second thread (_Populator; waited for by _populate_wait)
    while the caller fills it from the front."""
    dt = np.dtype(dtype)
    nbytes = int(np.prod(shape, dtype=np.int64)) * dt.itemsize
    if nbytes < 2 * _HUGE_PAGE:
        return np.empty(shape, dt)
    if _HUGE_PAGES:
        raw = np.empty(nbytes + 2 * _HUGE_PAGE, np.uint8)
        skip = -raw.ctypes.data % _HUGE_PAGE
        out = raw[skip:skip + nbytes].view(dt).reshape(shape)
    else:
        out = np.empty(shape, dt)
    helpers = _helpers()
    if helpers is None:
        return out
    advice, populate = helpers
    advice(out, _HUGE_PAGES)    # before any touch: it decides the page size
    if not _HUGE_PAGES and nbytes >= _POPULATE_MIN and _cpus() > 1:
        _populator.add(out, populate)
    return out


def _populate_wait():
    _populator.wait()


def _slabs(n, step):
    return ((s, min(step, n - s)) for s in range(0, n, step))


def _read_conn(f, bid, num_elements, per):
    """A block's connectivity as flat 0-based int64, read slab by slab
    straight into the result and shifted while the slab is in cache.
    Returns (connectivity, smallest, largest) (0-based; 0, -1 if empty)."""
    out = _empty(num_elements * per, np.int64)
    lo, hi = 0, -1
    if not out.size:
        return out, lo, hi
    step = _read_slab_len(f, Kind.ELEM_BLOCK, bid, 8 * per)
    for s, c in _slabs(num_elements, step):
        v = out[s * per:(s + c) * per]
        f.connectivity(bid, s, c, dtype=np.int64, out=v, flat=True)
        v -= 1
        if s == 0:
            lo, hi = v.min(), v.max()
        else:
            lo, hi = min(lo, v.min()), max(hi, v.max())
    return out, int(lo), int(hi)


def _read_id_map(f, kind, n):
    """The id map of `kind` ("node"/"elem") as int64, or None when it is
    1..n (also when the file has none). Read in one piece into its final
    array and compared with 1..n slab by slab while in cache; a map that is
    1..n is dropped (it was going to be read anyway when it is not)."""
    out = _empty(n, np.int64)
    if not n:
        return None
    f.id_map(kind, dtype=np.int64, out=out)
    if out[0] != 1 or out[-1] != n:
        return out
    step = 1 << 13                 # 64 KiB slabs: the heap, no fresh pages
    ramp = np.arange(1, min(n, step) + 1, dtype=np.int64)
    diff = np.empty_like(ramp)
    for s, c in _slabs(n, step):
        d = diff[:c]
        np.subtract(out[s:s + c], s, out=d)
        if not np.array_equal(d, ramp[:c]):
            return out
    return None


class _Importer:
    """One import_model call (exomerge3's algorithm on arrays)."""

    def __init__(self, model, f, path):
        self.m, self.f, self.path = model, f, path

    def select(self, ebids, timesteps, nfn, efn, ssids, nsids, gvn, nsfn, ssfn):
        m, f = self.m, self.f
        self.ftimes = [float(t) for t in f.times]
        if isinstance(timesteps, str) and timesteps == "last_if_any":
            timesteps = "last" if self.ftimes else "none"
        self.steps = m._format_id_list(timesteps, self.ftimes, "timestep")
        self.binfos = list(f.blocks.infos)
        self.fbids = [b.id for b in self.binfos]
        self.ebids = m._format_id_list(ebids, sorted(self.fbids), "element block")
        self.vnames = {k: _dedup_names(f.var_names(k)) for k in
                       (Kind.NODAL, Kind.ELEM_BLOCK, Kind.NODE_SET,
                        Kind.SIDE_SET, Kind.GLOBAL)}
        v = self.vnames
        self.nfn = m._format_id_list(nfn, sorted(v[Kind.NODAL]), "node field")
        self.efn = m._format_id_list(efn, sorted(v[Kind.ELEM_BLOCK]),
                                     "element field")
        self.fssids = [s.id for s in f.side_sets.infos]
        self.ssids = m._format_id_list(ssids, sorted(self.fssids), "side set")
        self.fnsids = [s.id for s in f.node_sets.infos]
        self.nsids = m._format_id_list(nsids, sorted(self.fnsids), "node set")
        self.gvn = m._format_id_list(gvn, sorted(v[Kind.GLOBAL]),
                                     "global variable")
        self.nsfn = m._format_id_list(nsfn, sorted(v[Kind.NODE_SET]),
                                      "node set field")
        self.ssfn = m._format_id_list(ssfn, sorted(v[Kind.SIDE_SET]),
                                      "node set field")
        for bid in self.ebids:
            if m.element_block_exists(bid):
                m._error("Element block already exists.",
                         f'Cannot import element block "{bid}" since it '
                         "already exists in the model.")
            info = f.blocks[bid]
            if info.topology in _POLY:
                m._error("Unsupported element block",
                         f"Element block {bid} is {info.topology}: exomerge "
                         "models hold fixed-size elements only (use "
                         "exoslab.File for polyhedra).")

    # ---- mesh --------------------------------------------------------
    def nodes(self):
        m, f = self.m, self.f
        n = f.num_nodes
        self.offset = len(m._coords)
        self.all_nodes = self.ebids == sorted(self.fbids)
        self.conn = {}
        self.identity = self.all_nodes and self.offset == 0
        self._used = self._node_map = None
        if not self.all_nodes:
            mark = np.zeros(n, bool)
            for bid in self.ebids:
                c = self.read_conn(bid)
                self.conn[bid] = c
                mark[c] = True
            self._used = np.flatnonzero(mark)
        dim = f.num_dim
        if n and self.identity and not m._node_fields:
            m._coords = _read_xyz(f, n, dim)
            ids = _read_id_map(f, "node", n)
            if ids is not None:
                m._node_id_map = ids
        elif len(self.used):
            xyz = _read_xyz(f, n, dim)
            m._create_nodes_quiet(xyz[self.used])
            m._node_id_map = None

    @property
    def used(self):
        """0-based file nodes imported, ascending."""
        if self._used is None:
            self._used = np.arange(self.f.num_nodes, dtype=np.int64)
        return self._used

    @property
    def node_map(self):
        """file node -> model node (-1: not imported)."""
        if self._node_map is None:
            self._node_map = np.full(self.f.num_nodes, -1, np.int64)
            self._node_map[self.used] = np.arange(len(self.used)) + self.offset
        return self._node_map

    def map_nodes(self, idx):
        return idx if self.identity else self.node_map[idx]

    def read_conn(self, bid):
        """A block's flat 0-based connectivity, refused when it names a
        node outside the file's."""
        f, info = self.f, self.f.blocks[bid]
        c, lo, hi = _read_conn(f, bid, info.num_entries, info.nodes_per_entry)
        if lo < 0 or hi >= f.num_nodes:
            _refuse_outside(self.m, c, f.num_nodes,
                            "Connectivity outside the nodes",
                            f"Element block {bid} of {self.path}: its "
                            "connectivity (e.g. IGA control points)")
        return c

    def blocks(self):
        m, f = self.m, self.f
        emap = _read_id_map(f, "elem", f.num_elem)
        identity = emap is None
        for bid in self.ebids:
            info = f.blocks[bid]
            c = self.conn.get(bid)
            if c is None:
                c = self.read_conn(bid)
            b = ElementBlockData(elem_type=info.type,
                                 nodes_per_element=info.nodes_per_entry,
                                 num_attributes=info.num_attr,
                                 _num_elements=info.num_entries)
            b.connectivity = self.map_nodes(c) if len(c) else c
            if info.num_attr and info.num_entries:
                b.attributes = f.attributes(bid)
                b.attribute_names = list(f.attribute_names(bid))
            if not identity:
                b.elem_id_map = emap[info.offset:info.offset + info.num_entries]
            m._blocks[bid] = b
            if info.name:
                m.rename_element_block(bid, info.name)

    def timesteps(self):
        m = self.m
        self.duplicate = False
        steps = np.array(self.steps, np.float64)
        if not len(m._timesteps) and not m._global_variables and \
                np.isfinite(steps).all() and \
                not any(store for store, _ in m._field_stores()):
            # nothing to pad: the model's steps are the file's, sorted once
            m._timesteps = np.unique(steps)
            self.duplicate = len(m._timesteps) != len(steps)
        else:
            for t in self.steps:
                if m.timestep_exists(t):
                    self.duplicate = True
                else:
                    m.create_timestep(t)
        model_times = m._timesteps.tolist()
        self.pairs = [(self.ftimes.index(t), model_times.index(t))
                      for t in self.steps]
        nt = len(model_times)
        self.whole = (nt == len(self.ftimes) and
                      [p[0] for p in self.pairs] == list(range(nt)) and
                      [p[1] for p in self.pairs] == list(range(nt)))

    # ---- fields --------------------------------------------------------
    def _history(self, kind, vi, eid, n, default):
        """(model steps, n) values of a variable: file steps where imported,
        `default` elsewhere."""
        f, nt = self.f, len(self.m._timesteps)
        if self.whole and nt:
            return f.var_history(kind, vi, eid, 0, nt, out=_empty((nt, n)))
        out = np.full((nt, n), default)
        for fi, mi in self.pairs:
            f.var(kind, vi, eid, fi, out=out[mi])
        return out

    def node_fields(self):
        m, f = self.m, self.f
        names = self.vnames[Kind.NODAL]
        fast = self.offset == 0 and self.all_nodes and self.whole and \
            len(m._timesteps) > 0
        # the new fields' arrays first, so their pages can be faulted in
        # ahead of the reads (_Populator)
        nt = len(m._timesteps)
        new = {name: _empty((nt, f.num_nodes)) for name in self.nfn
               if fast and name not in m._node_fields}
        for name in self.nfn:
            vi = names.index(name)
            if name in new:
                m._node_fields[name] = f.var_history(
                    Kind.NODAL, vi, None, 0, nt, out=new.pop(name))
                continue
            if name not in m._node_fields:
                m.create_node_field(name)
            arr = m._node_fields[name]
            dst = self.node_map[self.used]
            for fi, mi in self.pairs:
                arr[mi, dst] = f.nodal(vi, fi)[self.used]

    def node_sets(self):
        m, f = self.m, self.f
        self.ns_pos = {}
        for sid in self.nsids:
            info = f.node_sets[sid]
            mem = f.node_set(sid) - 1 if info.num_entries else \
                np.zeros(0, np.int64)
            _refuse_outside(m, mem, f.num_nodes, "Node set outside the nodes",
                            f"Node set {sid} of {self.path}: its members")
            mapped = self.map_nodes(mem)
            valid = np.flatnonzero(mapped >= 0)
            if not m.node_set_exists(sid):
                m.create_node_set(sid, mapped[valid])
                self.ns_pos[sid] = valid[first_unique(mapped[valid])]
                if info.num_df and len(self.ns_pos[sid]) == len(mem):
                    m._node_sets[sid].dist_factors = \
                        f.dist_factors("node_set", sid)
            else:
                m._append_set_members(m._node_sets, sid, mapped[valid], "nodes")
            if info.name:
                m.rename_node_set(sid, info.name)

    def side_sets(self):
        m, f = self.m, self.f
        starts = np.array([b.offset for b in self.binfos], np.int64)
        fb = np.array(self.fbids, np.int64)
        wanted = set(self.ebids)
        chosen = np.array([b in wanted for b in self.fbids], bool)
        self.ss_pos = {}
        for sid in self.ssids:
            info = f.side_sets[sid]
            if info.num_entries:
                elems, sides = f.side_set(sid)
                g = elems.astype(np.int64) - 1
                _refuse_outside(m, g, f.num_elem, "Side set outside the elements",
                                f"Side set {sid} of {self.path}: its elements")
                w = np.searchsorted(starts, g, side="right") - 1
                rows = np.stack([fb[w], g - starts[w], sides - 1], axis=1)
                valid = np.flatnonzero(chosen[w])
            else:
                rows = np.zeros((0, 3), np.int64)
                valid = np.zeros(0, np.int64)
            if not m.side_set_exists(sid):
                m.create_side_set(sid, rows[valid])
                self.ss_pos[sid] = valid[first_unique(rows[valid])]
                if info.num_df and len(self.ss_pos[sid]) == len(rows):
                    m._side_sets[sid].dist_factors = \
                        f.dist_factors("side_set", sid)
            else:
                m._append_set_members(m._side_sets, sid, rows[valid], "faces")
            if info.name:
                m.rename_side_set(sid, info.name)

    def set_fields(self, kind, names, ids, fids, store, pos):
        m, f = self.m, self.f
        if not names:
            return
        table = f.truth_table(kind)
        fnames = self.vnames[kind]
        for name in names:
            vi = fnames.index(name)
            default = m._get_default_field_value(name)
            for sid in ids:
                if not table[fids.index(sid), vi]:
                    continue
                if sid not in pos:
                    m._warning("Set field not merged",
                               f'The field "{name}" of set {sid} in {self.path} '
                               "is not imported: the set already existed.")
                    continue
                n = f.entity(kind, sid).num_entries
                vals = self._history(kind, vi, sid, n, default)
                p = pos[sid]
                store[sid].fields[name] = vals if len(p) == n else \
                    np.ascontiguousarray(vals[:, p])

    def element_fields(self):
        m, f = self.m, self.f
        if not self.efn:
            return
        table = f.truth_table(Kind.ELEM_BLOCK)
        names = self.vnames[Kind.ELEM_BLOCK]
        for name in self.efn:
            vi = names.index(name)
            default = m._get_default_field_value(name)
            for bid in self.ebids:
                if not table[self.fbids.index(bid), vi]:
                    continue
                b = m._blocks[bid]
                b.fields[name] = self._history(Kind.ELEM_BLOCK, vi, bid,
                                               b.num_elements, default)

    def globals(self):
        m, f = self.m, self.f
        names = self.vnames[Kind.GLOBAL]
        if not self.gvn:
            return
        if self.whole and self.pairs:      # one read for every step
            table = f.var_history(Kind.GLOBAL, 0, None, 0, len(self.pairs))
            rows = dict(enumerate(table))
        else:
            rows = {fi: f.global_vars(fi) for fi, _ in self.pairs}
        for name in self.gvn:
            if name not in m._global_variables:
                m.create_global_variable(name)
            elif self.duplicate:
                m._exists_warning(name, "global variable")
            vals = m._global_variables[name]
            vi = names.index(name)
            for fi, mi in self.pairs:
                vals[mi] = rows[fi][vi]

    def records(self):
        m, f = self.m, self.f
        m._info_records += list(f.info_records)
        m._qa_records += [tuple(r) for r in f.qa_records]
        if not m._title:
            m._title = f.title
        else:
            m._info_records.append("Discarded title from the following file:")
            lines = textwrap.fill(self.path, width=79).split("\n")
            m._info_records.extend([x + "\\" for x in lines[:-1]] + lines[-1:])
            m._info_records.append(f.title)

    def run(self):
        self.nodes()
        self.blocks()
        self.timesteps()
        self.node_fields()
        self.node_sets()
        self.side_sets()
        self.set_fields(Kind.NODE_SET, self.nsfn, self.nsids, self.fnsids,
                        self.m._node_sets, self.ns_pos)
        self.set_fields(Kind.SIDE_SET, self.ssfn, self.ssids, self.fssids,
                        self.m._side_sets, self.ss_pos)
        self.element_fields()
        self.globals()
        self.records()


def _read_xyz(f, n, dim):
    """(n, 3) float64 C-order coordinates. Each slab of nodes is read as
    (dim, count) component rows into one cache-sized buffer and transposed
    into place: no full-size temporary, one pass over the result."""
    xyz = _empty((n, 3))
    if dim != 3:
        xyz[:, dim:] = 0.0
    if not n or not dim:
        return xyz
    step = _read_slab_len(f, Kind.NODAL, 0, 8 * dim)
    buf = np.empty(dim * min(n, step))
    for s, c in _slabs(n, step):
        b = buf[:dim * c].reshape(dim, c).T     # Fortran (c, dim): never
        f.coords(s, c, dtype=np.float64, out=b)  # taken for rows if c == dim
        xyz[s:s + c, :dim] = b
    return xyz


def _is_empty(m):
    return not (len(m._coords) or m._blocks or len(m._timesteps) or
                m._node_sets or m._side_sets or m._node_fields or
                m._global_variables)


def import_into(m, path, *selection):
    if not os.path.isfile(path):
        m._error("File not found", f'The specified file "{path}" was not found.')
    m._materialize()
    f = _open(path)
    streaming = m.mode == "streaming" and _is_empty(m) and \
        all(isinstance(s, str) and s == "all" for s in selection)
    try:
        m.num_dimension = f.num_dim or 3
        if streaming:
            m._stream = Stream(m, f, path)
            f = None
            return
        imp = _Importer(m, f, path)
        imp.select(*selection)
        imp.run()
    finally:
        _populate_wait()
        if f is not None:
            f.close()


# ---- export ----------------------------------------------------------------
def _qa_record():
    from .exomerge import VERSION
    now = datetime.datetime.today()
    return ("exomerge", VERSION, now.strftime("%Y/%m/%d"),
            now.strftime("%H:%M:%S"))


def _name_len(m, names):
    lens = [len(str(n).encode("utf-8", "surrogateescape")) for n in names]
    return max([32] + lens)


def _write_xyz(f, xyz, dim):
    """Write (n, 3) coordinates' first `dim` components: each slab of nodes
    is transposed into one cache-sized (dim, count) buffer and written per
    axis (no full-size column copies)."""
    n = len(xyz)
    step = _slab_len(f, Kind.NODAL, 0, 8 * dim)
    buf = np.empty(dim * min(n, step))
    for s, c in _slabs(n, step):
        b = buf[:dim * c].reshape(dim, c)
        np.copyto(b, xyz[s:s + c, :dim].T)
        for axis in range(dim):
            f.put_coord(axis, b[axis], start=s)


def _write_conn(f, bid, conn, per):
    """Write flat 0-based connectivity as the 1-based numbers the file
    stores, one cache-sized slab of elements at a time."""
    ne = len(conn) // per
    step = _slab_len(f, Kind.ELEM_BLOCK, bid, 8 * per)
    buf = np.empty(min(ne, step) * per, np.int64)
    for s, c in _slabs(ne, step):
        b = buf[:c * per]
        np.add(conn[s * per:(s + c) * per], 1, out=b)
        f.put_connectivity(bid, b.reshape(c, per), start=s)


class _Exporter:
    def __init__(self, m, ebids, steps, ssids, nsids, gvn, nfn, efn, ssfn,
                 nsfn):
        self.m, self.ebids, self.steps = m, ebids, steps
        self.ssids, self.nsids = ssids, nsids
        self.gvn, self.nfn, self.efn, self.ssfn, self.nsfn = \
            gvn, nfn, efn, ssfn, nsfn
        self.offsets, n = {}, 0
        for bid in ebids:
            self.offsets[bid] = n
            n += m._blocks[bid].num_elements
        self.num_elem = n
        self.side_keep = {}
        for sid in ssids:
            mem = m._side_sets[sid].members
            self.side_keep[sid] = np.isin(mem[:, 0], ebids) if len(mem) else \
                np.zeros(0, bool)

    def names(self):
        m = self.m
        out = list(self.gvn) + list(self.nfn) + list(self.efn) + \
            list(self.ssfn) + list(self.nsfn)
        out += [m._blocks[b].name for b in self.ebids]
        out += [m._node_sets[s].name for s in self.nsids]
        out += [m._side_sets[s].name for s in self.ssids]
        for b in self.ebids:
            out += list(m._blocks[b].attribute_names)
        return out

    def define(self, f):
        m = self.m
        f.def_mesh(m._title, m.num_dimension, m.get_node_count())
        for bid in self.ebids:
            b = m._blocks[bid]
            f.def_block(bid, b.elem_type, b.num_elements, b.nodes_per_element,
                        num_attr=b.num_attributes, name=b.name or None)
        for sid in self.nsids:
            s = m._node_sets[sid]
            ndf = len(s.dist_factors) if s.dist_factors is not None and \
                len(s.dist_factors) == len(s.members) else 0
            f.def_set(Kind.NODE_SET, sid, len(s.members), ndf, s.name or None)
        for sid in self.ssids:
            s = m._side_sets[sid]
            keep = self.side_keep[sid]
            ndf = len(s.dist_factors) if s.dist_factors is not None and \
                keep.all() else 0
            f.def_set(Kind.SIDE_SET, sid, int(keep.sum()), ndf, s.name or None)
        if self.gvn:
            f.def_vars(Kind.GLOBAL, [str(n) for n in self.gvn])
        if self.nfn:
            f.def_vars(Kind.NODAL, [str(n) for n in self.nfn])
        for kind, names, ids, store in (
                (Kind.ELEM_BLOCK, self.efn, self.ebids, m._blocks),
                (Kind.SIDE_SET, self.ssfn, self.ssids, m._side_sets),
                (Kind.NODE_SET, self.nsfn, self.nsids, m._node_sets)):
            if names and ids:
                f.def_vars(kind, [str(n) for n in names])
                f.def_truth(kind, [[n in store[i].fields for n in names]
                                   for i in ids])
        f.put_qa(list(m._qa_records) + [_qa_record()])
        if m._info_records:
            f.put_info(m._info_records)

    def mesh(self, f):
        m = self.m
        dim = m.num_dimension
        stream = m._stream
        if stream is not None and stream.coords_pending:
            stream.copy_coords(f, dim)          # one axis at a time
        elif dim and len(m._coords):
            _write_xyz(f, m._coords, dim)
        if m._node_id_map is not None and \
                len(m._node_id_map) == m.get_node_count():
            f.put_id_map("node", m._node_id_map)
        maps = []
        for bid in self.ebids:
            b = m._blocks[bid]
            if b._conn_pending:
                stream.copy_conn(f, bid, b.num_elements)   # in slabs
            elif b.connectivity.size:
                _write_conn(f, bid, b.connectivity, b.nodes_per_element)
            if b.num_attributes and b.num_elements:
                a = b.attributes if b.attributes is not None else \
                    np.zeros((b.num_elements, b.num_attributes))
                f.put_attributes(bid, a)
                if b.attribute_names:
                    f.put_attr_names(bid, b.attribute_names)
            maps.append(b.elem_id_map)
        if maps and all(x is not None for x in maps) and self.num_elem:
            f.put_id_map("elem", np.concatenate(maps))
        for sid in self.nsids:
            s = m._node_sets[sid]
            if len(s.members):
                f.put_node_set(sid, s.members + 1)
                if s.dist_factors is not None and \
                        len(s.dist_factors) == len(s.members):
                    f.put_dist_factors(Kind.NODE_SET, sid, s.dist_factors)
        for sid in self.ssids:
            s = m._side_sets[sid]
            keep = self.side_keep[sid]
            rows = s.members[keep]
            if len(rows):
                off = np.array([self.offsets[int(b)] for b in rows[:, 0]],
                               np.int64)
                f.put_side_set(sid, off + rows[:, 1] + 1, rows[:, 2] + 1)
                if s.dist_factors is not None and keep.all():
                    f.put_dist_factors(Kind.SIDE_SET, sid, s.dist_factors)

    def _row(self, fields, name, i):
        m = self.m
        if m._stream is not None:
            return m._stream.peek_step(fields, name, i)
        return fields[name][i]

    def results(self, f):
        m = self.m
        times = m._timesteps.tolist()
        for k, t in enumerate(self.steps):
            i = times.index(t)
            f.put_time(k, t)
            if self.gvn:
                f.put_global_vars(k, np.array(
                    [m._global_variables[n][i] for n in self.gvn]))
            for vi, name in enumerate(self.nfn):
                f.put_nodal(vi, k, self._row(m._node_fields, name, i))
            for bid in self.ebids:
                fields = m._blocks[bid].fields
                for vi, name in enumerate(self.efn):
                    if name in fields and m._blocks[bid].num_elements:
                        f.put_element(vi, bid, k, self._row(fields, name, i))
            for sid in self.nsids:
                s = m._node_sets[sid]
                for vi, name in enumerate(self.nsfn):
                    if name in s.fields and len(s.members):
                        f.put_var(Kind.NODE_SET, vi, sid, k,
                                  self._row(s.fields, name, i))
            for sid in self.ssids:
                s = m._side_sets[sid]
                keep = self.side_keep[sid]
                for vi, name in enumerate(self.ssfn):
                    if name in s.fields and keep.any():
                        f.put_var(Kind.SIDE_SET, vi, sid, k,
                                  np.ascontiguousarray(
                                      self._row(s.fields, name, i)[keep]))


def _auto(value, when, then):
    if isinstance(value, str) and value == "auto":
        return then if when else "none"
    return value


def export_model(m, path, ebids, timesteps, ssids, nsids, gvn, nfn, efn, ssfn,
                 nsfn, format="cdf2", int64=False):
    ebids = m._format_element_block_id_list(ebids)
    ssids = m._format_side_set_id_list(ssids)
    nsids = m._format_node_set_id_list(nsids)
    steps = m._format_id_list(timesteps, m.get_timesteps(), "timestep")
    has_nodes = m.get_node_count() > 0
    efn = _auto(efn, steps, m.get_element_field_names(ebids) if steps else [])
    gvn = _auto(gvn, steps, "all")
    nfn = _auto(nfn, steps and has_nodes, "all")
    nsfn = _auto(nsfn, steps and has_nodes,
                 m.get_node_set_field_names(nsids) if steps else [])
    ssfn = _auto(ssfn, steps, m.get_side_set_field_names(ssids) if steps else [])
    gvn = m._format_id_list(gvn, m.get_global_variable_names(), "global variable")
    efn = m._format_id_list(efn, m.get_element_field_names(), "element field")
    nfn = m._format_id_list(nfn, m.get_node_field_names(), "node field")
    nsfn = m._format_id_list(nsfn, m.get_node_set_field_names(), "node set field")
    ssfn = m._format_id_list(ssfn, m.get_side_set_field_names(), "side set field")
    if m._stream is not None and m._stream.is_source(path):
        m._materialize()
        m._stream.close()
        m._stream = None
    if m._title == "":
        m._title = "<no title supplied>"
    ex = _Exporter(m, ebids, steps, ssids, nsids, gvn, nfn, efn, ssfn, nsfn)
    if os.path.isfile(path):
        os.remove(path)
    with _create(path, clobber=True, format=format, int64=int64,
                 name_len=_name_len(m, ex.names())) as f:
        ex.define(f)
        ex.mesh(f)
        ex.results(f)


def bound_model(cls, path, like, format, int64):
    return Sink.bind(cls, path, like, format, int64)
