"""Nemesis file-per-rank sets: names, and joining a set into one file.

A set of P files ``base.P.r`` (r zero-padded to the width of P, as SEACAS
names them) comes from ``DistributedMesh.write_nemesis`` (or SEACAS's
decomposition tools); ``join_nemesis`` puts it back into one Exodus file
in global order, as SEACAS's ``epu`` does: node ``g`` of the output is the
node whose global position is ``g`` in the parts, element ``g`` the
element whose position is ``g``. The position is the named map
``exs_global_position`` where a part has one (exoslab writes it when the
source has id maps; ``node_num_map`` / ``elem_num_map`` then hold the
source's ids, which the output gets back as its id maps), else the
``node_num_map`` / ``elem_num_map`` entry itself. Every global number
``1..N`` must appear (nodes in at least one part, elements in exactly
one). The join is serial and holds the whole output mesh in memory (one
step of one variable at a time for results).
"""
from __future__ import annotations

import glob
import os
import re
import typing
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

import numpy as np

from ._file import File
from ._file import create as _create
from ._file import open as _open
from ._kinds import Kind

__all__ = ["nemesis_name", "nemesis_files", "join_nemesis", "JoinSummary"]

PathLike = Union[str, os.PathLike]


def nemesis_name(base: PathLike, nprocs: int, rank: int) -> str:
    """The file of rank `rank` in a set of `nprocs`: base.nprocs.rank, the
    rank zero-padded to the width of nprocs (mesh.e.16.03)."""
    if nprocs < 1 or not 0 <= rank < nprocs:
        raise ValueError(f"rank {rank} of a set of {nprocs}")
    return f"{os.fspath(base)}.{nprocs}.{rank:0{len(str(nprocs))}d}"


def nemesis_files(base: PathLike, nprocs: Optional[int] = None) -> List[str]:
    """The files of the set base.P.*; P found from the names when nprocs is
    None (ValueError when there is none, or sets of several sizes)."""
    base = os.fspath(base)
    if nprocs is None:
        pat = re.compile(re.escape(os.path.basename(base)) + r"\.(\d+)\.(\d+)$")
        sizes = {int(m.group(1)) for p in glob.glob(glob.escape(base) + ".*.*")
                 if (m := pat.match(os.path.basename(p)))}
        if not sizes:
            raise ValueError(f"no Nemesis set {base}.P.r found (give -n P?)")
        if len(sizes) > 1:
            raise ValueError(f"sets of {sorted(sizes)} files named {base}.P.r: "
                             "say which with nprocs (-n)")
        nprocs = sizes.pop()
    files = [nemesis_name(base, nprocs, r) for r in range(nprocs)]
    missing = [p for p in files if not os.path.exists(p)]
    if missing:
        raise FileNotFoundError(f"the set {base} of {nprocs} lacks {missing[0]}"
                                + (f" and {len(missing) - 1} more" if len(missing) > 1
                                   else ""))
    return files


class JoinSummary(typing.NamedTuple):
    """What join_nemesis wrote."""
    nprocs: int
    num_nodes: int
    num_elem: int
    num_blocks: int
    num_steps: int


POSITION_MAP: str = "exs_global_position"   # decomp/nemesis.h's EXS_NEM_POS_NAME


class _Part(typing.NamedTuple):
    f: File
    nmap: np.ndarray   # 0-based global node of each local node
    emap: np.ndarray   # 0-based global element of each local element
    nids: Optional[np.ndarray] = None   # node ids where the part has positions
    eids: Optional[np.ndarray] = None   # element ids where the part has positions


def _positions(f: File, kind: str) -> Tuple[np.ndarray, Optional[np.ndarray]]:
    """0-based global positions of the entries, and their ids when the
    part stores positions apart from them (None: the ids are positions)."""
    ids = f.id_map(kind).astype(np.int64)
    maps = f.node_maps if kind == "node" else f.elem_maps
    if any(i.name == POSITION_MAP for i in maps.infos):
        return f.map(kind, POSITION_MAP).astype(np.int64) - 1, ids
    return ids - 1, None


def _open_parts(files: Sequence[str]) -> List[_Part]:
    parts: List[_Part] = []
    try:
        for p in files:
            f = _open(p)
            parts.append(_Part(f, np.empty(0, np.int64), np.empty(0, np.int64)))
            if not f.nemesis or f.inquire("NUM_PROCS") != len(files):
                raise ValueError(f"{p} is not a part of a Nemesis set of {len(files)} "
                                 f"(num_processors {f.inquire('NUM_PROCS')})")
            (nmap, nids), (emap, eids) = _positions(f, "node"), _positions(f, "elem")
            parts[-1] = _Part(f, nmap, emap, nids, eids)
    except BaseException:
        for q in parts:
            q.f.close()
        raise
    return parts


def _check_cover(parts: List[_Part]) -> Tuple[int, int]:
    nn = int(max((p.nmap.max() for p in parts if len(p.nmap)), default=-1)) + 1
    seen = np.zeros(nn, dtype=bool)
    for p in parts:
        seen[p.nmap] = True
    if not seen.all():
        raise ValueError(f"global node {int(np.argmin(seen)) + 1} is in no part: "
                         "not a complete set")
    ne = sum(p.f.num_elem for p in parts)
    count = np.zeros(ne, dtype=np.int64)
    for p in parts:
        if len(p.emap) and (p.emap.min() < 0 or p.emap.max() >= ne):
            raise ValueError(f"{p.f.path}: elem_num_map outside 1..{ne}")
        np.add.at(count, p.emap, 1)
    if (count != 1).any():
        raise ValueError(f"global element {int(np.argmax(count != 1)) + 1} is in "
                         f"{int(count[count != 1][0])} parts, not one")
    return nn, ne


def _blocks(parts: List[_Part]) -> List[Dict[str, Any]]:
    """Blocks in part 0's order with global counts and offsets."""
    f0 = parts[0].f
    out, off = [], 0
    for b in f0.blocks.infos:
        infos = [p.f.blocks[b.id] for p in parts]
        n = sum(i.num_entries for i in infos)
        # a part without entries of the block stores it as a null block:
        # its type and shape come from a part that has some
        full = next((i for i in infos if i.num_entries), b)
        out.append(dict(id=b.id, type=full.type, npe=full.nodes_per_entry, n=n, off=off,
                        num_attr=full.num_attr, name=b.name or full.name))
        off += n
    return out


def _place_blocks(parts, blocks, g, nn):
    """Connectivity (and attributes) of every block in global order."""
    for b in blocks:
        conn = np.zeros((b["n"], b["npe"]), dtype=np.int64)
        attr = np.zeros((b["n"], b["num_attr"]), dtype=np.float64)
        for p in parts:
            bi = p.f.blocks[b["id"]]
            if not bi.num_entries:
                continue
            rows = p.emap[bi.offset:bi.offset + bi.num_entries] - b["off"]
            if rows.min() < 0 or rows.max() >= b["n"]:
                raise ValueError(f"{p.f.path}: elements of block {b['id']} outside "
                                 "its global range")
            if b["npe"]:
                conn[rows] = p.nmap[p.f.connectivity(b["id"]).astype(np.int64) - 1] + 1
            if b["num_attr"]:
                attr[rows] = p.f.attributes(b["id"]).reshape(len(rows), -1)
        if b["npe"] and b["n"]:
            g.put_connectivity(b["id"], conn)
        if b["num_attr"] and b["n"]:
            g.put_attributes(b["id"], attr)
            donor = next(p for p in parts if p.f.blocks[b["id"]].num_entries)
            g.put_attr_names(b["id"], donor.f.attribute_names(b["id"]))


def _node_sets(parts):
    out = []
    for s in parts[0].f.node_sets.infos:
        mem, df = [], []
        for p in parts:
            si = p.f.node_sets[s.id]
            if si.num_entries:
                mem.append(p.nmap[p.f.set_members(Kind.NODE_SET, s.id) - 1] + 1)
                if si.num_df == si.num_entries:
                    df.append(p.f.dist_factors(Kind.NODE_SET, s.id))
        m = np.concatenate(mem) if mem else np.empty(0, np.int64)
        d = np.concatenate(df) if df and sum(map(len, df)) == len(m) else None
        m, first = np.unique(m, return_index=True)  # shared nodes listed once
        out.append((s.id, s.name, m, None if d is None else d[first]))
    return out


def _side_df(p, sid, n):
    """A part's factors of side set sid as rows of k per side (None when
    the part has none, or not the same number per side)."""
    nd = p.f.side_sets[sid].num_df
    if not nd or nd % n:
        return None
    return p.f.dist_factors(Kind.SIDE_SET, sid).reshape(n, nd // n)


def _side_sets(parts):
    out = []
    for s in parts[0].f.side_sets.infos:
        el, sd, df = [], [], []
        for p in parts:
            n = p.f.side_sets[s.id].num_entries
            if n:
                e, side = p.f.set(Kind.SIDE_SET, s.id)
                el.append(p.emap[e - 1] + 1)
                sd.append(side)
                df.append(_side_df(p, s.id, n))
        e = np.concatenate(el) if el else np.empty(0, np.int64)
        side = np.concatenate(sd) if sd else np.empty(0, np.int64)
        order = np.lexsort((side, e))
        d = None   # kept when every part with sides has them, k per side alike
        if df and all(x is not None for x in df) and len({x.shape[1] for x in df}) == 1:
            d = np.concatenate(df)[order].reshape(-1)
        out.append((s.id, s.name, e[order], side[order], d))
    return out


def _id_maps(parts, nn, ne):
    """The output's node / element id maps, from the parts that carry
    positions apart from ids (None where no part does)."""
    out = []
    for n, pos, ids in ((nn, "nmap", "nids"), (ne, "emap", "eids")):
        have = [p for p in parts if getattr(p, ids) is not None]
        if not have:
            out.append(None)
            continue
        m = np.arange(1, n + 1, dtype=np.int64)
        for p in have:
            m[getattr(p, pos)] = getattr(p, ids)
        out.append(m)
    return out


def _define(g, parts, blocks, nn, nsets, ssets):
    f0 = parts[0].f
    g.def_mesh(f0.title, f0.num_dim, nn)
    for b in blocks:
        g.def_block(b["id"], b["type"], b["n"], b["npe"], num_attr=b["num_attr"],
                    name=b["name"] or None)
    for sid, name, m, d in nsets:
        g.def_set(Kind.NODE_SET, sid, len(m), 0 if d is None else len(m), name or None)
    for sid, name, e, _, d in ssets:
        g.def_set(Kind.SIDE_SET, sid, len(e), 0 if d is None else len(d), name or None)
    for kind in (Kind.GLOBAL, Kind.NODAL, Kind.ELEM_BLOCK):
        if f0.var_names(kind):
            g.def_vars(kind, f0.var_names(kind))
    if f0.var_names(Kind.ELEM_BLOCK) and blocks:
        tab = np.zeros_like(f0.truth_table(Kind.ELEM_BLOCK), dtype=np.int32)
        for p in parts:
            tab |= p.f.truth_table(Kind.ELEM_BLOCK).astype(np.int32)
        g.def_truth(Kind.ELEM_BLOCK, tab)
    if f0.qa_records:
        g.put_qa(f0.qa_records)
    if f0.info_records:
        g.put_info(f0.info_records)
    g.put_coord_names(f0.coord_names)
    g.end_define()


def _step(g, parts, blocks, nn, s):
    f0 = parts[0].f
    g.put_time(s, float(f0.times[s]))
    if f0.var_names(Kind.GLOBAL):
        g.put_global_vars(s, f0.global_vars(s))
    for v in range(len(f0.var_names(Kind.NODAL))):
        vals = np.zeros(nn)
        for p in parts:
            vals[p.nmap] = p.f.nodal(v, s)
        g.put_nodal(v, s, vals)
    tab = g.truth_table(Kind.ELEM_BLOCK) if f0.var_names(Kind.ELEM_BLOCK) else None
    for v in range(len(f0.var_names(Kind.ELEM_BLOCK))):
        for bi, b in enumerate(blocks):
            if not tab[bi, v] or not b["n"]:
                continue
            vals = np.zeros(b["n"])
            for p in parts:
                pb = p.f.blocks[b["id"]]
                k = list(p.f.blocks).index(b["id"])
                if pb.num_entries and p.f.truth_table(Kind.ELEM_BLOCK)[k, v]:
                    vals[p.emap[pb.offset:pb.offset + pb.num_entries] - b["off"]] = \
                        p.f.element(v, b["id"], s)
            g.put_element(v, b["id"], s, vals)


def join_nemesis(base: PathLike, out: PathLike, nprocs: Optional[int] = None,
                 format: Union[str, int] = "cdf2", int64: bool = False,
                 clobber: bool = False, progress: Any = None) -> JoinSummary:
    """Join the Nemesis set base.P.r (P from the names when nprocs is None)
    into one Exodus file `out` in global order (epu's job): coordinates,
    blocks (connectivity in global numbers, attributes), node sets (each
    node once, ascending, with their distribution factors), side sets
    (ascending by element, with their distribution factors where the parts
    hold the same number per side), the id maps where the parts carry
    positions apart from ids, QA and info of
    the first part, and every step of the global, nodal and element
    variables. ValueError / FileNotFoundError for an incomplete or mixed
    set. progress: None, or a callable wrapping an iterable (a progress
    bar over the steps). int64: store ids as int64 (cdf5 / nc4 only)."""
    parts = _open_parts(nemesis_files(base, nprocs))
    try:
        nn, ne = _check_cover(parts)
        blocks = _blocks(parts)
        if sum(b["n"] for b in blocks) != ne:
            raise ValueError("the parts' blocks do not add up to their elements")
        nsets, ssets = _node_sets(parts), _side_sets(parts)
        f0 = parts[0].f
        with _create(out, clobber=clobber, format=format,
                     int64=int64, float_size=f0.float_size,
                     name_len=max(32, max(p.f.name_len for p in parts))) as g:
            _define(g, parts, blocks, nn, nsets, ssets)
            xyz = np.zeros((nn, f0.num_dim))
            for p in parts:
                xyz[p.nmap] = p.f.coords()
            g.put_coords(xyz)
            for kind, m in zip(("node", "elem"), _id_maps(parts, nn, ne)):
                if m is not None:
                    g.put_id_map(kind, m)
            _place_blocks(parts, blocks, g, nn)
            for sid, _, m, d in nsets:
                g.put_node_set(sid, m)
                if d is not None:
                    g.put_dist_factors(Kind.NODE_SET, sid, d)
            for sid, _, e, side, d in ssets:
                g.put_side_set(sid, e, side)
                if d is not None:
                    g.put_dist_factors(Kind.SIDE_SET, sid, d)
            steps = range(f0.num_times)
            for s in (progress(steps) if progress else steps):
                _step(g, parts, blocks, nn, s)
        return JoinSummary(len(parts), nn, ne, len(blocks), f0.num_times)
    finally:
        for p in parts:
            p.f.close()
