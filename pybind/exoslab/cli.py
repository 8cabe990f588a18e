"""The ``exoslab`` command: look at, compare, convert, make, time and draw
Exodus II files from the shell.

    exoslab info FILE...            what files hold (--json for JSON)
    exoslab dump FILE --var NAME    print values (coordinates, connectivity,
                                    sets, maps, variables)
    exoslab diff A B                exodiff-style comparison (exit 0/1/2)
    exoslab convert IN OUT          rewrite in another format / layout
    exoslab generate OUT            a structured HEX8/TET4/QUAD4 mesh
    exoslab bench FILE              read throughput here vs raw pread
    exoslab plot FILE -o out.png    a picture of the mesh
    exoslab decomp IN -n P          split into a Nemesis set IN.P.r (file per rank)
    exoslab join BASE -o OUT        join a Nemesis set BASE.P.r into one file
    exoslab version                 the library version and variant

``exoslab CMD --help`` tells more. Installed by ``cmake --install``
(``exoslab``, or ``exoslab-mpi`` for the MPI variant) and by pip (console
script); ``/usr/bin/python3 -m exoslab`` is the same. Exit status: 0 on
success, 1 on failure (for ``diff``: 1 = files differ), 2 for a usage error
(for ``diff``: 2 = error). Progress bars (python3-tqdm, optional) appear
only on a terminal.
"""
import argparse
import json
import os
import sys
import time
from typing import Any, Dict, Optional, Sequence, TextIO, Tuple

import numpy as np

from . import _ext
from ._dmesh import DistributedMesh
from ._file import File, PathLike
from ._file import create as _create
from ._file import open as _open
from ._nemesis import join_nemesis
from ._copy import copy as _copy
from ._kinds import BLOCK_KINDS, MAP_KINDS, SET_KINDS, VAR_KINDS, Kind, kind_of

__all__ = ["main", "describe", "diff_files", "convert_file", "generate_mesh",
           "decomp_file"]


class CliError(Exception):
    """A failure the user can act on: the message says what to do."""


def _kind_label(kind):
    return kind.name.lower()


_VAR_LABELS = {"elem_block": "element", "edge_block": "edge", "face_block": "face"}


# ---- progress -----------------------------------------------------------------
def _progress(iterable, total=None, desc="", enabled=True):
    """tqdm over iterable on a terminal (python3-tqdm, optional), else iterable."""
    if not enabled or not sys.stderr.isatty():
        return iterable
    try:
        from tqdm import tqdm
    except ImportError:
        return iterable
    return tqdm(iterable, total=total, desc=desc, leave=False, file=sys.stderr)


def _open_input(path, comm=None):
    if not os.path.exists(path):
        raise CliError(f"{path}: no such file (check the path)")
    try:
        return _open(path, comm=comm)
    except _ext.Error as e:
        raise CliError(f"{e} (is it an Exodus II file?)") from None


# ---- info -----------------------------------------------------------------------
def _storage(path):
    """Per-array chunk shapes and compression, through netCDF4-python
    (python3-netcdf4) when it is there; None without it, {} when the file
    cannot be read that way."""
    try:
        import netCDF4
    except ImportError:
        return None
    out = {}
    try:
        with netCDF4.Dataset(path) as ds:
            for name, v in ds.variables.items():
                if not v.dimensions:
                    continue
                chunk = v.chunking()
                filt = v.filters() or {}
                out[name] = {
                    "shape": list(v.shape),
                    "chunks": None if chunk in (None, "contiguous") else list(chunk),
                    "deflate": int(filt.get("complevel", 0)) if filt.get("zlib") else 0,
                    "shuffle": bool(filt.get("shuffle", False)),
                }
    except (OSError, RuntimeError):
        return {}
    return out


def describe(f: File, storage: bool = True) -> Dict[str, Any]:
    """A JSON-able dict of what open file f holds (what ``exoslab info`` prints)."""
    d = {
        "path": f.path, "format": f.format, "title": f.title,
        "num_dim": f.num_dim, "num_nodes": f.num_nodes, "num_elem": f.num_elem,
        "num_edge": f.num_edge, "num_face": f.num_face,
        "int64": f.int64, "float_size": f.float_size, "name_len": f.name_len,
        "compressed": f.compressed, "nemesis": f.nemesis,
        "num_qa": len(f.qa_records), "num_info": len(f.info_records),
    }
    for kind in BLOCK_KINDS:
        d[_kind_label(kind) + "s"] = [
            {"id": b.id, "name": b.name, "type": b.type, "topology": b.topology,
             "entries": b.num_entries, "nodes_per_entry": b.nodes_per_entry,
             "faces_per_entry": b.faces_per_entry, "attributes": b.num_attr,
             "chunk_len": f.chunk_len(kind, b.id)}
            for b in f.entities(kind).infos]
    for kind in SET_KINDS + MAP_KINDS:
        d[_kind_label(kind) + "s"] = [
            {"id": s.id, "name": s.name, "entries": s.num_entries,
             "dist_factors": s.num_df} for s in f.entities(kind).infos]
    d["variables"] = {_kind_label(k): f.var_names(k) for k in VAR_KINDS}
    times = f.times
    d["num_steps"] = int(times.size)
    d["times"] = [float(times[0]), float(times[-1])] if times.size else []
    d["node_chunk_len"] = f.chunk_len(Kind.NODAL, 0) if f.num_nodes else 0
    if storage:
        d["storage"] = _storage(f.path)
    return d


def _print_entities(out, title, items, fmt):
    if not items:
        return
    print(f"{title} ({len(items)}):", file=out)
    for it in items:
        print("  " + fmt(it), file=out)


def _block_line(b):
    name = f" '{b['name']}'" if b["name"] else ""
    if b["topology"] == "NSIDED":
        size = f"{b['entries']} entries, {b['nodes_per_entry']} nodes in all"
    elif b["topology"] == "NFACED":
        size = f"{b['entries']} entries, {b['faces_per_entry']} faces in all"
    else:
        size = f"{b['entries']} entries x {b['nodes_per_entry']} nodes"
    return (f"id {b['id']}{name}: {b['type'] or '-'} ({b['topology']}), {size}"
            + (f", {b['attributes']} attributes" if b["attributes"] else ""))


def _set_line(s):
    name = f" '{s['name']}'" if s["name"] else ""
    df = f", {s['dist_factors']} dist factors" if s["dist_factors"] else ""
    return f"id {s['id']}{name}: {s['entries']} entries{df}"


def _storage_lines(storage, out):
    if storage is None:
        print("storage: per-array chunking and compression need netCDF4-python "
              "(apt-get install python3-netcdf4)", file=out)
        return
    if not storage:
        return
    chunked = {k: v for k, v in storage.items() if v["chunks"]}
    deflated = sorted(k for k, v in storage.items() if v["deflate"])
    print(f"storage: {len(storage)} arrays, {len(chunked)} chunked, "
          f"{len(deflated)} deflated", file=out)
    for name in sorted(chunked)[:12]:
        v = chunked[name]
        extra = f", deflate {v['deflate']}" if v["deflate"] else ""
        extra += ", shuffle" if v["shuffle"] else ""
        print(f"  {name} {v['shape']}: chunks {v['chunks']}{extra}", file=out)
    if len(chunked) > 12:
        print(f"  ... {len(chunked) - 12} more (exoslab info --json lists all)", file=out)


def print_info(d, out):
    """Print describe()'s dict as text."""
    print(f"{d['path']}", file=out)
    print(f"  format {d['format']}, {'int64' if d['int64'] else 'int32'} ids, "
          f"{d['float_size'] * 8}-bit reals"
          + (", compressed" if d["compressed"] else "")
          + (", Nemesis" if d["nemesis"] else ""), file=out)
    print(f"  title: {d['title']!r}", file=out)
    print(f"  {d['num_dim']}-D, {d['num_nodes']} nodes, {d['num_elem']} elements"
          + (f", {d['num_edge']} edges" if d["num_edge"] else "")
          + (f", {d['num_face']} faces" if d["num_face"] else ""), file=out)
    for kind in BLOCK_KINDS:
        key = _kind_label(kind) + "s"
        _print_entities(out, key.replace("_", " "), d[key], _block_line)
    for kind in SET_KINDS + MAP_KINDS:
        key = _kind_label(kind) + "s"
        _print_entities(out, key.replace("_", " "), d[key], _set_line)
    for kind, names in d["variables"].items():
        if names:
            label = _VAR_LABELS.get(kind, kind.replace("_", " "))
            print(f"{label} variables ({len(names)}): {', '.join(names)}", file=out)
    steps = d["num_steps"]
    if steps:
        print(f"time steps: {steps}, t = {d['times'][0]:g} .. {d['times'][1]:g}",
              file=out)
    else:
        print("time steps: 0", file=out)
    print(f"QA records: {d['num_qa']}, info records: {d['num_info']}", file=out)
    if d.get("node_chunk_len"):
        print(f"natural slab: {d['node_chunk_len']} nodes", file=out)
    if "storage" in d:          # not with --no-storage
        _storage_lines(d["storage"], out)


def _cmd_info(args, out, err):
    status, docs = 0, []
    for path in args.files:
        try:
            with _open_input(path) as f:
                d = describe(f, storage=not args.no_storage)
        except CliError as e:
            print(f"exoslab info: {e}", file=err)
            status = 1
            continue
        if args.json:
            docs.append(d)
        else:
            print_info(d, out)
    if args.json:
        # One file: its object; several: a list of objects. Always valid JSON.
        json.dump(docs[0] if len(args.files) == 1 and docs else docs, out, indent=2)
        print(file=out)
    return status


# ---- dump -----------------------------------------------------------------------
def _find_var(f, name, kind=None):
    """(kind, index) of a variable by name (or index with kind given)."""
    kinds = [kind_of(kind)] if kind else list(VAR_KINDS)
    for k in kinds:
        names = f.var_names(k)
        if name in names:
            return k, names.index(name)
        if kind and name.isdigit() and int(name) < len(names):
            return k, int(name)
    known = {_kind_label(k): f.var_names(k) for k in VAR_KINDS if f.var_names(k)}
    raise CliError(f"{f.path}: no variable {name!r}; the file has {known or 'none'}"
                   " (exoslab info FILE lists them)")


def _print_array(label, a, out, head, index_base=1, ids=None):
    a = np.asarray(a)
    print(f"{label}  ({a.shape[0] if a.ndim else 1} values)", file=out)
    rows = a if a.ndim else a.reshape(1)
    n = rows.shape[0] if head is None else min(head, rows.shape[0])
    for i in range(n):
        r = rows[i]
        val = " ".join(f"{x:.17g}" if isinstance(x, (float, np.floating)) else str(x)
                       for x in np.atleast_1d(r))
        tag = f"{i + index_base}" + (f" (id {ids[i]})" if ids is not None else "")
        print(f"  {tag}: {val}", file=out)
    if n < rows.shape[0]:
        print(f"  ... {rows.shape[0] - n} more (--head N or --head 0 for all)", file=out)


def _steps_of(f, step):
    if f.num_times == 0:
        raise CliError(f"{f.path}: no time steps, so no variable values")
    if step is None:
        return range(f.num_times)
    s = step + f.num_times if step < 0 else step
    if not 0 <= s < f.num_times:
        raise CliError(f"--step {step}: the file has steps 0..{f.num_times - 1}"
                       " (negative counts from the end)")
    return [s]


def _dump_var(f, args, out, head):
    kind, vi = _find_var(f, args.var, args.kind)
    name = f.var_names(kind)[vi]
    steps = _steps_of(f, args.step)
    if kind in (Kind.NODAL, Kind.GLOBAL):
        ids = [0]
    elif args.block is not None:
        ids = [_entity_id(f, kind, args.block)]
    else:
        truth = f.truth_table(kind)
        ids = [e.id for i, e in enumerate(f.entities(kind).infos) if truth[i, vi]]
    for s in steps:
        for id in ids:
            where = "" if kind in (Kind.NODAL, Kind.GLOBAL) else f" {_kind_label(kind)} {id}"
            _print_array(f"{_kind_label(kind)} variable {name}{where} step {s} "
                         f"(t = {f.times[s]:g})", f.var(kind, vi, id, s), out, head)


def _id_or_name(text):
    """A --block / --set argument: an int id, or else a name."""
    try:
        return int(text)
    except ValueError:
        return text


def _entity_id(f, kind, ref):
    """The id of a block or set given by id or name; CliError for a name the
    file does not have (or that two entities share), saying what to do."""
    if not isinstance(ref, str):
        return ref
    try:
        return f.entities(kind).by_name(ref).id
    except (_ext.NotFoundError, _ext.ArgumentError) as e:
        raise CliError(f"{f.path}: {e.args[0] if e.args else e} "
                       "(exoslab info FILE lists ids and names)") from None


def _cmd_dump(args, out, err):
    head = None if args.head == 0 else args.head
    with _open_input(args.file) as f:
        did = False
        if args.times:
            _print_array("times", f.times, out, head, index_base=0)
            did = True
        if args.coords:
            _print_array(f"coordinates {' '.join(f.coord_names) or 'x y z'}",
                         f.coords(), out, head)
            did = True
        if args.conn:
            kind = Kind.ELEM_BLOCK
            bids = ([_entity_id(f, kind, args.block)] if args.block is not None
                    else list(f.blocks))
            for bid in bids:
                _print_array(f"connectivity of element block {bid}",
                             f.connectivity(bid, kind=kind), out, head)
            did = True
        if args.set:
            kind_name, sid = args.set
            kind = kind_of(kind_name)
            if kind not in SET_KINDS:
                raise CliError(f"--set {kind_name}: use node_set, side_set, edge_set, "
                               "face_set or elem_set")
            sid = _entity_id(f, kind, _id_or_name(sid))
            if kind in (Kind.SIDE_SET, Kind.EDGE_SET, Kind.FACE_SET):
                mem, extra = f.set(kind, sid)
                _print_array(f"{_kind_label(kind)} {sid}: entries, sides/orientations",
                             np.column_stack([mem, extra]), out, head)
            else:
                _print_array(f"{_kind_label(kind)} {sid}", f.set_members(kind, sid),
                             out, head)
            did = True
        if args.map:
            _print_array(f"{args.map} id map", f.id_map(args.map), out, head)
            did = True
        if args.var:
            _dump_var(f, args, out, head)
            did = True
        if not did:
            raise CliError("say what to print: --var NAME, --coords, --conn, --times, "
                           "--set KIND ID or --map node|elem (exoslab dump --help)")
    return 0


# ---- version ----------------------------------------------------------------------
def _cmd_version(args, out, err):
    print(_ext.LIB_VERSION, file=out)
    return 0


# ---- diff ---------------------------------------------------------------------------
class _Diffs:
    """What differs: structural messages and value differences, largest first."""

    def __init__(self, atol, rtol, tols):
        self.atol, self.rtol, self.tols = atol, rtol, tols
        self.structure = []   # strings
        self.values = []      # dicts
        self.compared = 0     # quantities compared

    def tol(self, name):
        return self.tols.get(name, (self.atol, self.rtol))

    def compare(self, label, name, a, b, where):
        """Compare arrays a, b (same shape). where(i) names position i."""
        self.compared += 1
        a = np.asarray(a, dtype=np.float64).ravel()
        b = np.asarray(b, dtype=np.float64).ravel()
        if a.shape != b.shape:
            self.structure.append(f"{label}: {a.size} values vs {b.size}")
            return
        if a.size == 0:
            return
        atol, rtol = self.tol(name)
        d = np.abs(a - b)
        lim = atol + rtol * np.maximum(np.abs(a), np.abs(b))
        bad = (d > lim) | (np.isnan(a) != np.isnan(b))
        nbad = int(np.count_nonzero(bad))
        if nbad:
            i = int(np.nanargmax(np.where(bad, d, -1.0)))
            scale = max(abs(a[i]), abs(b[i]))
            self.values.append({
                "what": label, "count": nbad, "of": int(a.size),
                "max_abs": float(d[i]), "max_rel": float(d[i] / scale) if scale else 0.0,
                "where": where(i), "a": float(a[i]), "b": float(b[i])})

    @property
    def equal(self):
        return not self.structure and not self.values


def _matching(fa, fb, kind, mode, diffs):
    """Index array p with B[p] aligned to A's order, from the id maps
    (mode "ids"/"auto") or positions; None if they cannot be matched."""
    na = {"node": fa.num_nodes, "elem": fa.num_elem}[kind]
    nb = {"node": fb.num_nodes, "elem": fb.num_elem}[kind]
    if na != nb:
        diffs.structure.append(f"{kind} count: {na} vs {nb}")
        return None
    ident = np.arange(na)
    if mode == "position" or na == 0:
        return ident
    ia, ib = fa.id_map(kind), fb.id_map(kind)
    if np.array_equal(ia, ib):
        return ident
    order = np.argsort(ib, kind="stable")
    pos = np.searchsorted(ib[order], ia)
    pos = np.minimum(pos, na - 1)
    if len(np.unique(ia)) != na or not np.array_equal(ib[order][pos], ia):
        if mode == "ids":
            diffs.structure.append(f"{kind} id maps hold different ids: cannot match "
                                   "by ids (try --match position)")
            return None
        return ident
    return order[pos]


def _node_where(f, ids):
    return lambda i: f"node {i + 1} (id {ids[i]})"


def _diff_structure(fa, fb, diffs):
    for attr in ("num_dim",):
        if getattr(fa, attr) != getattr(fb, attr):
            diffs.structure.append(f"{attr}: {getattr(fa, attr)} vs {getattr(fb, attr)}")
    for kind in BLOCK_KINDS + SET_KINDS:
        ea, eb = fa.entities(kind), fb.entities(kind)
        if list(ea) != list(eb):
            diffs.structure.append(f"{_kind_label(kind)} ids: {list(ea)} vs {list(eb)}")
            continue
        for id in ea:
            a, b = ea[id], eb[id]
            if (a.num_entries, a.nodes_per_entry, a.topology) != \
               (b.num_entries, b.nodes_per_entry, b.topology):
                diffs.structure.append(
                    f"{_kind_label(kind)} {id}: {a.num_entries} x {a.nodes_per_entry} "
                    f"{a.topology} vs {b.num_entries} x {b.nodes_per_entry} {b.topology}")
    for kind in VAR_KINDS:
        va, vb = fa.var_names(kind), fb.var_names(kind)
        if sorted(va) != sorted(vb):
            diffs.structure.append(f"{_kind_label(kind)} variables: {va} vs {vb}")
    if fa.num_times != fb.num_times:
        diffs.structure.append(f"time steps: {fa.num_times} vs {fb.num_times}")


def _block_perm(fa, fb, bid, perm_e):
    """Local permutation of B's block entries matching A's block bid."""
    a, b = fa.blocks[bid], fb.blocks[bid]
    p = perm_e[a.offset:a.offset + a.num_entries] - b.offset
    if p.size and (p.min() < 0 or p.max() >= b.num_entries):
        return None
    return p


def diff_files(path_a: PathLike, path_b: PathLike, atol: float = 0.0,
               rtol: float = 1e-6,
               tols: Optional[Dict[str, Tuple[float, float]]] = None,
               match: str = "auto", progress: bool = False) -> "_Diffs":
    """Compare two Exodus files; returns a _Diffs (``.equal``, ``.values``...)."""
    diffs = _Diffs(atol, rtol, tols or {})
    with _open_input(path_a) as fa, _open_input(path_b) as fb:
        _diff_structure(fa, fb, diffs)
        perm_n = _matching(fa, fb, "node", match, diffs)
        perm_e = _matching(fa, fb, "elem", match, diffs)
        ids_n = fa.id_map("node") if fa.num_nodes else np.zeros(0, np.int64)
        if perm_n is not None and fa.num_dim == fb.num_dim and fa.num_nodes:
            ca, cb = fa.coords(), fb.coords()[perm_n]
            for ax in range(fa.num_dim):
                diffs.compare(f"coordinate {'xyz'[ax]}", "coordinates", ca[:, ax],
                              cb[:, ax], _node_where(fa, ids_n))
        bperm = {}
        if perm_n is not None and perm_e is not None:
            idb = fb.id_map("node")
            for bid, a in fa.blocks.items():
                if bid not in fb.blocks or a.topology in ("NSIDED", "NFACED") or \
                   fb.blocks[bid].num_entries != a.num_entries:
                    continue
                p = _block_perm(fa, fb, bid, perm_e)
                if p is None:
                    diffs.structure.append(f"element block {bid}: elements matched "
                                           "by id lie in another block of B")
                    continue
                bperm[bid] = p
                ka = _to_ids(ids_n, fa.connectivity(bid))
                kb = _to_ids(idb, fb.connectivity(bid)[p])
                if ka.shape != kb.shape or not np.array_equal(ka, kb):
                    bad = np.nonzero((ka != kb).any(axis=1))[0] if ka.shape == kb.shape \
                        else np.zeros(1, dtype=np.intp)
                    diffs.structure.append(
                        f"connectivity of element block {bid}: {len(bad)} elements "
                        f"differ, first element {bad[0] + 1} of the block")
        _diff_sets(fa, fb, diffs)
        if fa.num_times == fb.num_times and fa.num_times:
            diffs.compare("times", "time", fa.times, fb.times, lambda i: f"step {i}")
            steps = range(fa.num_times)
            for s in _progress(steps, fa.num_times, "diff", progress):
                _diff_step(fa, fb, s, perm_n, bperm, diffs, ids_n)
    diffs.values.sort(key=lambda v: (v["max_rel"], v["max_abs"]), reverse=True)
    return diffs


def _to_ids(idmap, members):
    """Ids of 1-based members; members outside the map (files store such
    sets) stay as -number, so they still compare."""
    members = np.asarray(members, dtype=np.int64)
    ok = (members >= 1) & (members <= len(idmap))
    out = -members
    out[ok] = idmap[members[ok] - 1]
    return out


def _diff_sets(fa, fb, diffs):
    ida, idb = fa.id_map("node"), fb.id_map("node")
    ea, eb = fa.id_map("elem"), fb.id_map("elem")
    for kind in (Kind.NODE_SET, Kind.SIDE_SET):
        for sid, info in fa.entities(kind).items():
            if sid not in fb.entities(kind):
                continue
            if kind == Kind.NODE_SET:
                a = np.sort(_to_ids(ida, fa.node_set(sid)))
                b = np.sort(_to_ids(idb, fb.node_set(sid)))
            else:
                ma, sa = fa.side_set(sid)
                mb, sb = fb.side_set(sid)
                a = sorted(zip(_to_ids(ea, ma).tolist(), sa.tolist()))
                b = sorted(zip(_to_ids(eb, mb).tolist(), sb.tolist()))
            if not np.array_equal(np.asarray(a), np.asarray(b)):
                diffs.structure.append(f"{_kind_label(kind)} {sid}: members differ")


def _diff_step(fa, fb, s, perm_n, bperm, diffs, ids_n):
    for name in fa.var_names(Kind.GLOBAL):
        if name in fb.var_names(Kind.GLOBAL):
            diffs.compare(f"global {name} step {s}", name, [fa.global_var(name, s)],
                          [fb.global_var(name, s)], lambda i: "global")
    if perm_n is not None:
        for name in fa.var_names(Kind.NODAL):
            if name in fb.var_names(Kind.NODAL):
                diffs.compare(f"nodal {name} step {s}", name, fa.nodal(name, s),
                              fb.nodal(name, s)[perm_n], _node_where(fa, ids_n))
    names_b = fb.var_names(Kind.ELEM_BLOCK)
    if not names_b:
        return
    ta, tb = fa.truth_table(Kind.ELEM_BLOCK), fb.truth_table(Kind.ELEM_BLOCK)
    ida = fa.id_map("elem")
    bidx_a = {b.id: i for i, b in enumerate(fa.blocks.infos)}
    bidx_b = {b.id: i for i, b in enumerate(fb.blocks.infos)}
    for vi, name in enumerate(fa.var_names(Kind.ELEM_BLOCK)):
        if name not in names_b:
            continue
        vb = names_b.index(name)
        for bid, p in bperm.items():
            if not (ta[bidx_a[bid], vi] and tb[bidx_b[bid], vb]):
                continue
            off = fa.blocks[bid].offset
            diffs.compare(f"element {name} block {bid} step {s}", name,
                          fa.element(vi, bid, s), fb.element(vb, bid, s)[p],
                          lambda i, off=off: f"element {off + i + 1} (id {ida[off + i]})")


def _parse_tols(items):
    tols = {}
    for it in items or []:
        name, _, val = it.partition("=")
        parts = val.split(":")
        try:
            if not name or not 1 <= len(parts) <= 2:
                raise ValueError
            atol = float(parts[0])
            rtol = float(parts[1]) if len(parts) > 1 else 0.0
        except ValueError:
            raise CliError(f"--tol {it!r}: write NAME=ATOL or NAME=ATOL:RTOL, e.g. "
                           "--tol temperature=1e-3:1e-6") from None
        tols[name] = (atol, rtol)
    return tols


def _cmd_diff(args, out, err):
    diffs = diff_files(args.a, args.b, args.atol, args.rtol, _parse_tols(args.tol),
                       args.match, progress=not args.quiet)
    print(f"exoslab diff: {args.a} vs {args.b} (|a-b| <= {args.atol:g} + "
          f"{args.rtol:g} * max(|a|,|b|); match {args.match})", file=out)
    for s in diffs.structure:
        print(f"  structure: {s}", file=out)
    if diffs.values:
        print(f"largest differences ({len(diffs.values)} quantities differ, "
              f"top {min(args.top, len(diffs.values))}):", file=out)
        for v in diffs.values[:args.top]:
            print(f"  {v['what']}: {v['count']} of {v['of']} values differ; max "
                  f"|a-b| {v['max_abs']:.6g} (rel {v['max_rel']:.3g}) at {v['where']}: "
                  f"{v['a']:.17g} vs {v['b']:.17g}", file=out)
    if diffs.equal:
        print(f"files are equal ({diffs.compared} quantities compared)", file=out)
        return 0
    print(f"files DIFFER ({len(diffs.structure)} structural, {len(diffs.values)} in "
          "values)", file=out)
    return 1


# ---- convert ------------------------------------------------------------------------
def _world():
    """mpi4py's COMM_WORLD when started under mpiexec with >1 rank (MPI
    variant), else None."""
    if not getattr(_ext, "HAVE_MPI", 0):
        return None
    if not any(k in os.environ for k in ("OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK")):
        return None
    from mpi4py import MPI
    return MPI.COMM_WORLD if MPI.COMM_WORLD.Get_size() > 1 else None


def convert_file(src: PathLike, dst: PathLike, format: str = "nc4",
                 deflate: int = 0, shuffle: bool = False,
                 int64: Optional[bool] = None, float_size: Optional[int] = None,
                 node_chunk: int = 0, elem_chunk: int = 0, clobber: bool = False,
                 comm: Any = None, progress: bool = False) -> int:
    """Copy Exodus file src to dst in another layout with exoslab.copy
    (exs_copy; exs_copy_all, each rank moving its node/element slabs, when
    comm is given). Returns the number of ranks that took part. The
    progress bar counts the steps copied (exs_copy reports each one)."""
    with _open_input(src, comm=comm) as f:
        if os.path.exists(dst) and not clobber:
            raise CliError(f"{dst} exists: pass --clobber to overwrite it")
        size, steps = f.size, f.num_times
        bar = _progress(None, steps, "convert", progress and f.rank == 0 and steps > 0)
        tick = None
        if bar is not None and hasattr(bar, "update"):
            def tick(done: int, total: int) -> None:
                bar.update(done - bar.n)
        try:
            _copy(f, dst, format=format, int64=int64, float_size=float_size,
                  name_len=max(32, f.name_len), deflate=deflate, shuffle=shuffle,
                  node_chunk=node_chunk, elem_chunk=elem_chunk, clobber=clobber,
                  progress=tick)
        except _ext.FileError as e:
            raise CliError(f"cannot create {dst}: {e}") from None
        finally:
            if tick is not None:
                bar.close()
        return size


def _cmd_convert(args, out, err):
    comm = _world()
    int64 = True if args.int64 else False if args.int32 else None
    size = convert_file(args.input, args.output, args.format, args.deflate, args.shuffle,
                        int64, args.float_size, args.node_chunk, args.elem_chunk,
                        args.clobber, comm, progress=not args.quiet)
    if comm is None or comm.Get_rank() == 0:
        how = f"{size} ranks, collective" if comm is not None else "serial"
        print(f"exoslab convert: {args.input} -> {args.output} ({args.format}, {how})",
              file=out)
    return 0


# ---- generate ---------------------------------------------------------------------
# Six positively oriented tets per hex cell around its diagonal 0-6 (Kuhn's
# split: neighbouring cells cut their shared faces the same way).
_HEX_TETS = [(0, 1, 2, 6), (0, 5, 1, 6), (0, 2, 3, 6), (0, 3, 7, 6), (0, 4, 5, 6),
             (0, 7, 4, 6)]


def _grid(n, dim):
    """Coordinates of an (n+1)^dim grid on [0, 1]^dim, x fastest."""
    axes = [np.linspace(0.0, 1.0, k + 1) for k in n]
    mesh = np.meshgrid(*axes[::-1], indexing="ij")[::-1]
    return np.stack([m.ravel() for m in mesh], axis=1)


def _cells(n):
    """1-based corner nodes of each cell, Exodus order (QUAD4 / HEX8)."""
    nx = n[0] + 1
    if len(n) == 2:
        j, i = np.meshgrid(np.arange(n[1]), np.arange(n[0]), indexing="ij")
        base = (j * nx + i).ravel() + 1
        return np.stack([base, base + 1, base + 1 + nx, base + nx], axis=1), \
            i.ravel()
    ny = n[1] + 1
    k, j, i = np.meshgrid(np.arange(n[2]), np.arange(n[1]), np.arange(n[0]),
                          indexing="ij")
    b = (k * nx * ny + j * nx + i).ravel() + 1
    top = nx * ny
    quad = [b, b + 1, b + 1 + nx, b + nx]
    return np.stack(quad + [q + top for q in quad], axis=1), i.ravel()


def generate_mesh(path: PathLike, elem_type: str = "hex8",
                  size: Sequence[int] = (10, 10, 10), steps: int = 3,
                  blocks: int = 1, nodal: Sequence[str] = ("temperature",),
                  element: Sequence[str] = ("stress",),
                  glob: Sequence[str] = ("energy",), format: str = "nc4",
                  int64: bool = False, clobber: bool = False,
                  progress: bool = False) -> Tuple[int, int]:
    """Write a structured mesh of the unit square/cube with fields and steps;
    returns (num_nodes, num_elem). Field values are closed-form: nodal var j
    = 100 + x + 2y + 3z + 10 t + j, element var j = element number * 0.5 + t + j,
    global var j = t * t + j, with t = 0.1 * step."""
    elem_type = elem_type.upper()
    dim = 2 if elem_type == "QUAD4" else 3
    if elem_type not in ("HEX8", "TET4", "QUAD4"):
        raise CliError(f"--type {elem_type}: use hex8, tet4 or quad4")
    size = tuple(int(s) for s in size)
    if len(size) == 1:
        size = size * dim
    if len(size) != dim or min(size) < 1:
        raise CliError(f"--size: give {dim} positive counts for {elem_type} (or one)")
    xyz = _grid(size, dim)
    conn, col = _cells(size)
    if elem_type == "TET4":
        conn = conn[:, _HEX_TETS].reshape(-1, 4)
        col = np.repeat(col, len(_HEX_TETS))
    blocks = max(1, min(int(blocks), size[0]))
    block_of = col * blocks // size[0]   # blocks are slabs along x
    order = np.argsort(block_of, kind="stable")
    conn, block_of = conn[order], block_of[order]
    nn, ne = len(xyz), len(conn)
    if os.path.exists(path) and not clobber:
        raise CliError(f"{path} exists: pass --clobber to overwrite it")
    with _create(path, format=format, int64=int64, clobber=clobber) as g:
        g.def_mesh(f"exoslab generate {elem_type} {'x'.join(map(str, size))}", dim, nn)
        counts = np.bincount(block_of, minlength=blocks)
        for b in range(blocks):
            g.def_block(b + 1, elem_type, int(counts[b]), conn.shape[1],
                        name=f"block_{b + 1}")
        left = np.nonzero(xyz[:, 0] == 0.0)[0] + 1
        g.def_set(Kind.NODE_SET, 1, len(left), name="x0")
        if nodal:
            g.def_vars(Kind.NODAL, list(nodal))
        if element:
            g.def_vars(Kind.ELEM_BLOCK, list(element))
        if glob:
            g.def_vars(Kind.GLOBAL, list(glob))
        g.put_coord_names(["x", "y", "z"][:dim])
        g.put_coords(xyz)
        start = 0
        for b in range(blocks):
            g.put_connectivity(b + 1, conn[start:start + counts[b]])
            start += counts[b]
        g.put_node_set(1, left)
        pad = np.zeros((nn, 3))
        pad[:, :dim] = xyz
        base = 100 + pad[:, 0] + 2 * pad[:, 1] + 3 * pad[:, 2]
        elem_no = np.arange(1, ne + 1, dtype=np.float64)
        for s in _progress(range(steps), steps, "generate", progress):
            t = 0.1 * s
            g.put_time(s, t)
            for j, _ in enumerate(nodal):
                g.put_nodal(j, s, base + 10 * t + j)
            start = 0
            for b in range(blocks):
                vals = elem_no[start:start + counts[b]] * 0.5 + t
                for j, _ in enumerate(element):
                    g.put_element(j, b + 1, s, vals + j)
                start += counts[b]
            if glob:
                g.put_global_vars(s, np.array([t * t + j for j in range(len(glob))]))
    return nn, ne


def _names(text):
    return tuple(n for n in (text or "").split(",") if n)


def _cmd_generate(args, out, err):
    nn, ne = generate_mesh(args.output, args.type, args.size, args.steps, args.blocks,
                           _names(args.nodal), _names(args.element), _names(args.globals),
                           args.format, args.int64, args.clobber, not args.quiet)
    print(f"exoslab generate: {args.output}: {args.type.upper()}, {nn} nodes, {ne} "
          f"elements, {args.steps} steps", file=out)
    return 0


# ---- bench -------------------------------------------------------------------------
def _read_all(f):
    """Read every bulk array once; returns the bytes delivered."""
    total = 0
    if f.num_dim and f.num_nodes:
        total += f.coords().nbytes
    for b in f.blocks.infos:
        if b.nodes_per_entry:
            total += f.connectivity(b.id).nbytes
    for s in range(f.num_times):
        for vi, _ in enumerate(f.var_names(Kind.NODAL)):
            total += f.var(Kind.NODAL, vi, 0, s).nbytes
        names = f.var_names(Kind.ELEM_BLOCK)
        if names:
            truth = f.truth_table(Kind.ELEM_BLOCK)
            for bi, b in enumerate(f.blocks.infos):
                for vi in range(len(names)):
                    if truth[bi, vi]:
                        total += f.var(Kind.ELEM_BLOCK, vi, b.id, s).nbytes
    return total


def _pread_all(path, bufsize=4 << 20):
    buf = bytearray(bufsize)
    view = memoryview(buf)
    fd = os.open(path, os.O_RDONLY)
    total = 0
    try:
        while True:
            n = os.preadv(fd, [view], total)
            if n <= 0:
                break
            total += n
    finally:
        os.close(fd)
    return total


def _cmd_bench(args, out, err):
    import resource
    import tracemalloc
    path = args.file
    size = os.path.getsize(path) if os.path.exists(path) else 0
    with _open_input(path):
        pass
    best_exs = best_raw = float("inf")
    nbytes = 0
    tracemalloc.start()
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        with _open(path) as f:
            nbytes = _read_all(f)
        best_exs = min(best_exs, time.perf_counter() - t0)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        raw = _pread_all(path)
        best_raw = min(best_raw, time.perf_counter() - t0)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    mb = 1e6
    res = {"file": path, "file_bytes": size, "data_bytes": nbytes,
           "exoslab_s": best_exs, "exoslab_MBps": nbytes / best_exs / mb if best_exs else 0,
           "pread_s": best_raw, "pread_MBps": raw / best_raw / mb if best_raw else 0,
           "peak_heap_MB": peak / mb, "peak_rss_MB": rss, "repeat": args.repeat}
    if args.json:
        json.dump(res, out, indent=2)
        print(file=out)
        return 0
    print(f"exoslab bench: {path} ({size / mb:.2f} MB on disk; best of {args.repeat}, "
          "page cache warm after the first run)", file=out)
    print(f"  exoslab: {nbytes / mb:.1f} MB of arrays in {best_exs:.4f} s = "
          f"{res['exoslab_MBps']:.0f} MB/s, peak array memory {peak / mb:.2f} MB", file=out)
    print(f"  pread:   {raw / mb:.1f} MB of file in {best_raw:.4f} s = "
          f"{res['pread_MBps']:.0f} MB/s (4 MiB buffer)", file=out)
    print(f"  process peak RSS {rss:.0f} MB", file=out)
    return 0


# ---- plot -------------------------------------------------------------------------
# Faces of 3-D elements as 0-based corner positions (Exodus node order).
_FACES = {
    "HEX": [(0, 1, 5, 4), (1, 2, 6, 5), (2, 3, 7, 6), (0, 4, 7, 3), (0, 3, 2, 1),
            (4, 5, 6, 7)],
    "TET": [(0, 1, 3), (1, 2, 3), (0, 3, 2), (0, 2, 1)],
    "WEDGE": [(0, 1, 4, 3), (1, 2, 5, 4), (0, 3, 5, 2), (0, 2, 1), (3, 4, 5)],
    "PYRAMID": [(0, 1, 4), (1, 2, 4), (2, 3, 4), (3, 0, 4), (0, 3, 2, 1)],
}
_CORNERS = {"QUAD": 4, "TRI": 3, "SHELL": 4, "TRISHELL": 3}


def _polygons(f):
    """(polygons as lists of 0-based nodes, element index of each, block id of
    each): elements in 2-D, the outer surface in 3-D."""
    polys, elem, block = [], [], []
    faces = {}
    for b in f.blocks.infos:
        if not b.nodes_per_entry or b.topology in ("NSIDED", "NFACED"):
            continue
        conn = f.connectivity(b.id) - 1
        topo = b.topology
        if f.num_dim == 3 and topo in _FACES:
            for e, row in enumerate(conn):
                for fc in _FACES[topo]:
                    nodes = tuple(row[list(fc)])
                    key = tuple(sorted(nodes))
                    if key in faces:
                        faces[key] = None   # inner face: shared by two elements
                    else:
                        faces[key] = (nodes, b.offset + e, b.id)
        else:
            k = _CORNERS.get(topo, min(conn.shape[1], 4))
            for e, row in enumerate(conn):
                polys.append(list(row[:k]))
                elem.append(b.offset + e)
                block.append(b.id)
    for v in faces.values():
        if v is not None:
            polys.append(list(v[0]))
            elem.append(v[1])
            block.append(v[2])
    return polys, np.array(elem, dtype=np.int64), np.array(block, dtype=np.int64)


def _colour_values(f, args, polys, elem, block):
    """(values per polygon, label, categorical?)"""
    if args.field:
        kind, vi = _find_var(f, args.field)
        s = list(_steps_of(f, args.step))[0]
        if kind == Kind.NODAL:
            v = f.nodal(vi, s)
            return np.array([v[p].mean() for p in polys]), f"{args.field} (step {s})", False
        if kind != Kind.ELEM_BLOCK:
            raise CliError(f"--field {args.field}: only nodal and element variables "
                           "can colour a mesh")
        vals = np.full(f.num_elem, np.nan)
        for bi, b in enumerate(f.blocks.infos):
            if f.truth_table(Kind.ELEM_BLOCK)[bi, vi]:
                vals[b.offset:b.offset + b.num_entries] = f.element(vi, b.id, s)
        return vals[elem], f"{args.field} (step {s})", False
    if args.ranks:
        # Contiguous element ranges, as the partitioner cuts them (no chunk
        # alignment here): rank r owns elements [r n / P, (r + 1) n / P).
        return (elem * args.ranks) // max(1, f.num_elem), f"rank of {args.ranks}", True
    return block, "element block", True


def _cmd_plot(args, out, err):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.collections import PolyCollection
    except ImportError:
        raise CliError("plot needs matplotlib: apt-get install python3-matplotlib "
                       "(or pip install matplotlib in a venv)") from None
    try:
        w, h = (int(v) for v in args.size.lower().split("x"))
    except ValueError:
        raise CliError(f"--size {args.size!r}: write WIDTHxHEIGHT in pixels, e.g. 800x600") \
            from None
    with _open_input(args.file) as f:
        if not f.num_dim or not f.num_nodes:
            raise CliError(f"{args.file}: no mesh to draw (no coordinates)")
        xyz = np.zeros((f.num_nodes, 3))
        xyz[:, :f.num_dim] = f.coords()
        polys, elem, block = _polygons(f)
        if not polys:
            raise CliError(f"{args.file}: no element this command can draw")
        vals, label, categorical = _colour_values(f, args, polys, elem, block)
        dim = f.num_dim
    dpi = 100
    fig = plt.figure(figsize=(w / dpi, h / dpi), dpi=dpi)
    cats = np.unique(vals) if categorical else None
    if categorical:
        cmap = plt.get_cmap("tab20" if len(cats) > 10 else "tab10")
        index = np.searchsorted(cats, vals)
        colours = cmap(index % cmap.N)
    else:
        cmap = plt.get_cmap("viridis")
        norm = matplotlib.colors.Normalize(np.nanmin(vals), np.nanmax(vals))
        colours = cmap(norm(vals))
    if dim == 3:
        from mpl_toolkits.mplot3d.art3d import Poly3DCollection
        ax = fig.add_subplot(projection="3d")
        coll = Poly3DCollection([xyz[p] for p in polys], facecolors=colours,
                                edgecolors="k", linewidths=0.2)
        ax.add_collection3d(coll)
        lo, hi = xyz.min(axis=0), xyz.max(axis=0)
        ax.set_xlim(lo[0], hi[0]), ax.set_ylim(lo[1], hi[1]), ax.set_zlim(lo[2], hi[2])
        ax.set_box_aspect(np.maximum(hi - lo, 1e-12 * max(1.0, (hi - lo).max())))
    else:
        ax = fig.add_subplot()
        coll = PolyCollection([xyz[p, :2] for p in polys], facecolors=colours,
                              edgecolors="k", linewidths=0.2)
        ax.add_collection(coll)
        ax.autoscale_view()
        ax.set_aspect("equal")
    ax.set_title(args.title or f"{os.path.basename(args.file)}: {label}")
    if categorical:
        from matplotlib.patches import Patch
        shown = cats[:20]
        ax.legend(handles=[Patch(color=cmap(i % cmap.N), label=f"{'rank' if args.ranks else 'block'} {int(c)}")
                           for i, c in enumerate(shown)], loc="upper right",
                  fontsize="small")
    else:
        sm = matplotlib.cm.ScalarMappable(norm=norm, cmap=cmap)
        fig.colorbar(sm, ax=ax, label=label)
    fig.savefig(args.output, dpi=dpi)
    plt.close(fig)
    print(f"exoslab plot: {args.output} ({w}x{h}, {len(polys)} polygons, by {label})",
          file=out)
    return 0


# ---- the parser ----------------------------------------------------------------------

# ---- decomp / join (Nemesis file per rank) ----------------------------------------
def decomp_file(src: PathLike, nprocs: int, base: Optional[PathLike] = None,
                method: str = "linear", format: str = "cdf2", int64: Optional[bool] = None,
                clobber: bool = False, comm: Any = None) -> str:
    """Split src into the Nemesis set base.P.r (base: src itself by
    default) with the distributed mesh of `method`, collectively over comm,
    whose size must be nprocs (None: one process, nprocs 1). Returns base."""
    size = comm.Get_size() if comm is not None else 1
    if size != nprocs:
        raise CliError(f"decomp -n {nprocs} runs on {nprocs} ranks, not {size}: "
                       f"mpiexec -n {nprocs} exoslab-mpi decomp ...")
    base = os.fspath(base if base is not None else src)
    with _open_input(src, comm=comm) as f:
        if not f.num_dim:
            raise CliError(f"{src} holds no mesh: nothing to decompose")
        try:
            mesh = DistributedMesh(f, method=method)
        except _ext.Error as e:
            raise CliError(f"decomposition {method!r} failed: {e}") from None
        if int64 is None:  # as the source, where the format can store it
            int64 = f.int64 and format in ("cdf5", "nc4", "nc4classic")
        mesh.write_nemesis(base, format=format, int64=int64, clobber=clobber)
    return base


def _relaunch(args, err):
    """Run this decomp again under mpiexec -n P (MPI variant, from a shell)."""
    import shutil
    import subprocess
    mpiexec = os.environ.get("EXS_MPIEXEC") or shutil.which("mpiexec")
    if not getattr(_ext, "HAVE_MPI", 0) or not mpiexec or \
            os.environ.get("EXOSLAB_DECOMP_CHILD"):
        raise CliError(f"-n {args.nprocs} needs {args.nprocs} MPI ranks: run "
                       f"mpiexec -n {args.nprocs} exoslab-mpi decomp ... (this is "
                       + ("the serial variant)" if not getattr(_ext, "HAVE_MPI", 0)
                          else "not under mpiexec, and no mpiexec was found)"))
    cmd = [mpiexec, "-n", str(args.nprocs), sys.executable, "-m", "exoslab", "decomp",
           args.input, "-n", str(args.nprocs), "--method", args.method,
           "--format", args.format, "-q"]
    cmd += ["-o", args.output] if args.output else []
    cmd += ["--clobber"] if args.clobber else []
    cmd += ["--int64"] if args.int64 else []
    env = dict(os.environ, EXOSLAB_DECOMP_CHILD="1")
    r = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if r.returncode != 0:
        lines = [ln for ln in (r.stderr + r.stdout).splitlines()
                 if ln.startswith(("exoslab", "rank")) or "decomp" in ln]
        raise CliError(f"under {os.path.basename(mpiexec)} -n {args.nprocs}: "
                       + ("; ".join(lines[:3]) or f"exit status {r.returncode}"))


def _cmd_decomp(args, out, err):
    comm = _world()
    if comm is None and args.nprocs > 1:
        _relaunch(args, err)
    else:
        decomp_file(args.input, args.nprocs, args.output, args.method, args.format,
                    True if args.int64 else None, args.clobber, comm)
    base = args.output or args.input
    if (comm is None or comm.Get_rank() == 0) and not args.quiet:
        print(f"exoslab decomp: {args.input} -> {base}.{args.nprocs}.* "
              f"({args.nprocs} files, {args.method})", file=out)
    return 0


def _join_base(arg, nprocs):
    """BASE, or one of its files (BASE.P.r): the base and P."""
    import re
    m = re.match(r"^(.*)\.(\d+)\.(\d+)$", arg)
    if m and not os.path.exists(arg + ".1.0") and os.path.exists(arg):
        if nprocs is not None and int(m.group(2)) != nprocs:
            raise CliError(f"{arg} is a file of a set of {m.group(2)}, not -n {nprocs}")
        return m.group(1), int(m.group(2))
    return arg, nprocs


def _cmd_join(args, out, err):
    base, nprocs = _join_base(args.inputs[0], args.nprocs)
    for other in args.inputs[1:]:  # BASE.P.* as the shell expands it
        if _join_base(other, nprocs)[0] != base:
            raise CliError(f"{other} is not a file of the set {base}")
    if os.path.exists(args.output) and not args.clobber:
        raise CliError(f"{args.output} exists: pass --clobber to overwrite it")
    try:
        s = join_nemesis(base, args.output, nprocs, format=args.format,
                         clobber=args.clobber,
                         progress=None if args.quiet else
                         (lambda it: _progress(it, None, "join", True)))
    except (ValueError, FileNotFoundError) as e:
        raise CliError(str(e)) from None
    if len(args.inputs) > 1 and len(args.inputs) != s.nprocs:
        raise CliError(f"{len(args.inputs)} files given, the set has {s.nprocs}")
    if not args.quiet:
        print(f"exoslab join: {base}.{s.nprocs}.* -> {args.output} ({s.num_nodes} nodes, "
              f"{s.num_elem} elements, {s.num_blocks} blocks, {s.num_steps} steps)",
              file=out)
    return 0


def _parser(prog):
    p = argparse.ArgumentParser(
        prog=prog, description="Exodus II files from the shell, with exoslab.",
        epilog=f"'{prog} COMMAND --help' for one command.")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    pi = sub.add_parser("info", help="print what files hold",
                        description="Print format, counts, blocks and topologies, sets, "
                        "maps, variables, steps, chunking and compression of each FILE.")
    pi.add_argument("files", nargs="+", metavar="FILE")
    pi.add_argument("--json", action="store_true",
                    help="JSON: one object for one file, a list for several")
    pi.add_argument("--no-storage", action="store_true",
                    help="skip the per-array chunk/compression table")
    pi.set_defaults(run=_cmd_info)

    pd = sub.add_parser("dump", help="print values",
                        description="Print values of one file (like ncdump, Exodus-aware). "
                        "Numbers are 1-based as stored; steps are 0-based.")
    pd.add_argument("file", metavar="FILE")
    pd.add_argument("--var", metavar="NAME", help="a variable, by name")
    pd.add_argument("--kind", help="the variable's kind (nodal, global, elem_block, "
                    "node_set...) when the name is ambiguous")
    pd.add_argument("--step", type=int, help="0-based step (negative from the end; "
                    "default: every step)")
    pd.add_argument("--block", type=_id_or_name, metavar="ID|NAME",
                    help="only this block, by id or name")
    pd.add_argument("--coords", action="store_true", help="coordinates")
    pd.add_argument("--conn", action="store_true", help="element connectivity")
    pd.add_argument("--times", action="store_true", help="time values")
    pd.add_argument("--set", nargs=2, metavar=("KIND", "ID|NAME"),
                    help="members of a set, e.g. --set node_set 1 or --set ns left")
    pd.add_argument("--map", choices=["node", "elem", "edge", "face"], help="an id map")
    pd.add_argument("--head", type=int, default=0, metavar="N",
                    help="print at most N rows per array (0: all, the default)")
    pd.set_defaults(run=_cmd_dump)

    pf = sub.add_parser("diff", help="compare two files (exit 0 equal, 1 differ, 2 error)",
                        description="Compare A and B like exodiff: structure, coordinates, "
                        "connectivity, sets, times and every variable at every step. A "
                        "value differs when |a-b| > ATOL + RTOL * max(|a|, |b|). Nodes and "
                        "elements are matched through the id maps when their order "
                        "differs. Exit status 0: equal, 1: different, 2: error.")
    pf.add_argument("a", metavar="A")
    pf.add_argument("b", metavar="B")
    pf.add_argument("--atol", type=float, default=0.0, help="absolute tolerance (0)")
    pf.add_argument("--rtol", type=float, default=1e-6, help="relative tolerance (1e-6)")
    pf.add_argument("--tol", action="append", metavar="NAME=ATOL[:RTOL]",
                    help="tolerance of one variable (or 'coordinates', 'time'); repeat")
    pf.add_argument("--match", choices=["auto", "ids", "position"], default="auto",
                    help="match nodes/elements by id maps (auto: when they are a "
                    "permutation), strictly by ids, or by position")
    pf.add_argument("--top", type=int, default=10, help="differences to list (10)")
    pf.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    pf.set_defaults(run=_cmd_diff)

    pc = sub.add_parser("convert", help="rewrite a file in another format or layout",
                        description="Copy IN to OUT: the whole model (blocks, sets, maps, "
                        "names, properties, QA/info, attributes, variables, steps). Under "
                        "mpiexec (MPI variant: exoslab-mpi) every rank reads and writes "
                        "its own node and element slabs through the collective path.")
    pc.add_argument("input", metavar="IN")
    pc.add_argument("output", metavar="OUT")
    pc.add_argument("--format", default="nc4",
                    help="cdf1, cdf2, cdf5, nc4 (default) or nc4classic")
    pc.add_argument("--deflate", type=int, default=0, metavar="0-9",
                    help="netCDF-4 deflate level")
    pc.add_argument("--shuffle", action="store_true", help="netCDF-4 byte shuffle")
    pc.add_argument("--node-chunk", type=int, default=0, help="netCDF-4 chunk length "
                    "of nodal arrays (0: automatic)")
    pc.add_argument("--elem-chunk", type=int, default=0, help="... of element arrays")
    g = pc.add_mutually_exclusive_group()
    g.add_argument("--int64", action="store_true", help="store ids as int64")
    g.add_argument("--int32", action="store_true", help="store ids as int32")
    pc.add_argument("--float-size", type=int, choices=[4, 8],
                    help="bytes of stored reals (default: as IN)")
    pc.add_argument("--clobber", action="store_true", help="overwrite OUT")
    pc.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    pc.set_defaults(run=_cmd_convert)

    pg = sub.add_parser("generate", help="write a structured HEX8/TET4/QUAD4 mesh",
                        description="Write a structured mesh of the unit cube (square) "
                        "with nodal, element and global fields over time steps. Values: "
                        "nodal = 100 + x + 2y + 3z + 10t (+j for the j-th name), element "
                        "= 0.5 * element number + t (+j), global = t^2 (+j), t = 0.1 step.")
    pg.add_argument("output", metavar="OUT")
    pg.add_argument("--type", default="hex8", help="hex8 (default), tet4 or quad4")
    pg.add_argument("--size", type=int, nargs="+", default=[10], metavar="N",
                    help="cells per axis: one N for all, or NX NY [NZ] (default 10)")
    pg.add_argument("--steps", type=int, default=3, help="time steps (3)")
    pg.add_argument("--blocks", type=int, default=1, help="element blocks: slabs along x")
    pg.add_argument("--nodal", default="temperature", help="nodal fields, comma-separated")
    pg.add_argument("--element", default="stress", help="element fields, comma-separated")
    pg.add_argument("--globals", default="energy", help="global fields, comma-separated")
    pg.add_argument("--format", default="nc4", help="cdf1, cdf2, cdf5, nc4 or nc4classic")
    pg.add_argument("--int64", action="store_true", help="store ids as int64")
    pg.add_argument("--clobber", action="store_true", help="overwrite OUT")
    pg.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    pg.set_defaults(run=_cmd_generate)

    pb = sub.add_parser("bench", help="read throughput here vs raw pread",
                        description="Read every coordinate, connectivity and nodal/element "
                        "variable array of FILE with exoslab, then the file's bytes with "
                        "pread, and print both rates and the peak memory.")
    pb.add_argument("file", metavar="FILE")
    pb.add_argument("--repeat", type=int, default=3, help="runs; the best is shown (3)")
    pb.add_argument("--json", action="store_true", help="print JSON")
    pb.set_defaults(run=_cmd_bench)

    pp = sub.add_parser("plot", help="draw the mesh into a PNG",
                        description="Draw the mesh (2-D: elements; 3-D: the outer surface) "
                        "coloured by block (default), by a field at a step or by the rank of "
                        "a partition, with a legend or colour bar. Needs matplotlib "
                        "(python3-matplotlib).")
    pp.add_argument("file", metavar="FILE")
    pp.add_argument("-o", "--output", required=True, metavar="PNG")
    pp.add_argument("--field", metavar="NAME", help="colour by a nodal or element variable")
    pp.add_argument("--step", type=int, default=-1, help="step of --field (default last)")
    pp.add_argument("--ranks", type=int, metavar="P",
                    help="colour by the rank owning each element among P ranks")
    pp.add_argument("--size", default="800x600", help="WIDTHxHEIGHT in pixels (800x600)")
    pp.add_argument("--title", help="the picture's title")
    pp.set_defaults(run=_cmd_plot)

    pn = sub.add_parser("decomp", help="split a mesh into a Nemesis set (file per rank)",
                        description="Decompose IN over P ranks and write the Nemesis set "
                        "BASE.P.r (SEACAS's names, BASE = IN unless -o): each file holds "
                        "one rank's elements, the nodes they touch, the node and side sets "
                        "restricted to them (with their distribution factors), the block "
                        "attributes, the source's id maps (node_num_map / elem_num_map, "
                        "the global positions in the named map exs_global_position), every "
                        "step of the global, nodal and element variables, and the "
                        "load-balance data (global counts, internal/border maps, node and "
                        "element communication maps). Runs on P ranks: under mpiexec "
                        "-n P (MPI variant, exoslab-mpi), or from a plain shell, where it "
                        "starts mpiexec -n P itself; -n 1 runs here in either variant.")
    pn.add_argument("input", metavar="IN")
    pn.add_argument("-n", "--nprocs", type=int, required=True, metavar="P",
                    help="number of parts (ranks)")
    pn.add_argument("--method", default="linear",
                    help="linear (default: the file's slabs), rcb, rib, hsfc, graph "
                    "(where this build has Zoltan / PT-Scotch)")
    pn.add_argument("-o", "--output", metavar="BASE", help="base name (default: IN)")
    pn.add_argument("--format", default="cdf2", help="cdf1, cdf2 (default), cdf5, nc4 "
                    "or nc4classic")
    pn.add_argument("--int64", action="store_true", help="store ids as int64")
    pn.add_argument("--clobber", action="store_true", help="overwrite existing files")
    pn.add_argument("-q", "--quiet", action="store_true", help="print nothing")
    pn.set_defaults(run=_cmd_decomp)

    pj = sub.add_parser("join", help="join a Nemesis set into one file (epu's job)",
                        description="Join the Nemesis set BASE.P.r into OUT in global "
                        "order: node g is the one whose global position is g (its "
                        "exs_global_position map entry, else its node_num_map entry), the "
                        "same for elements; the id maps where the parts carry them apart "
                        "from the positions, blocks, node sets (each "
                        "node once), side sets, attributes and every step of the global, "
                        "nodal and element variables. Give BASE (with -n P when several "
                        "set sizes share the name) or the files (BASE.P.*).")
    pj.add_argument("inputs", nargs="+", metavar="BASE")
    pj.add_argument("-o", "--output", required=True, metavar="OUT")
    pj.add_argument("-n", "--nprocs", type=int, metavar="P", help="set size (default: "
                    "from the file names)")
    pj.add_argument("--format", default="cdf2", help="cdf1, cdf2 (default), cdf5, nc4 "
                    "or nc4classic")
    pj.add_argument("--clobber", action="store_true", help="overwrite OUT")
    pj.add_argument("-q", "--quiet", action="store_true", help="print nothing, no progress bar")
    pj.set_defaults(run=_cmd_join)

    pv = sub.add_parser("version", help="print the library version and variant")
    pv.set_defaults(run=_cmd_version)
    return p


def main(argv: Optional[Sequence[str]] = None, out: Optional[TextIO] = None,
         err: Optional[TextIO] = None, prog: Optional[str] = None) -> int:
    """Run the command line; returns the exit status."""
    out = out or sys.stdout
    err = err or sys.stderr
    prog = prog or os.environ.get("EXOSLAB_PROG") or "exoslab"
    p = _parser(prog)
    args = p.parse_args(argv)
    if not getattr(args, "run", None):
        p.print_help(err)
        return 2
    if hasattr(out, "reconfigure"):
        # Names from old files may hold bytes that are not UTF-8.
        out.reconfigure(errors="backslashreplace")
    try:
        return args.run(args, out, err)
    except CliError as e:
        print(f"{prog} {args.command}: {e}", file=err)
        return 2 if args.command == "diff" else 1
    except _ext.Error as e:
        print(f"{prog} {args.command}: {e}", file=err)
        return 2 if args.command == "diff" else 1
    except BrokenPipeError:
        return 0
    except (OSError, ValueError, IndexError, KeyError) as e:
        # Not expected: say so plainly, with the status diff promises.
        print(f"{prog} {args.command}: failed: {type(e).__name__}: {e}", file=err)
        return 2 if args.command == "diff" else 1
