"""Topology kernels on numpy arrays: exterior faces by sorted face keys,
node-merge plans, duplicate elements, element-type conversions.

``conn`` arguments are (elements, nodes_per_element) int64 arrays of
0-based node indices."""

import numpy as np

from . import _em_elements as E


def _rows_group(keys):
    """Group identical rows of a 2-D int array: (order, group id per sorted
    position, number of groups)."""
    if keys.shape[0] == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), 0
    order = np.lexsort(keys.T[::-1])
    s = keys[order]
    new = np.ones(len(s), dtype=bool)
    new[1:] = np.any(s[1:] != s[:-1], axis=1)
    gid = np.cumsum(new) - 1
    return order, gid, int(gid[-1]) + 1


def exterior_faces(blocks):
    """External faces of the given blocks, as exomerge defines them.

    blocks: list of (block_id, element_type, conn).  A face is external
    when no other face (of any of the blocks) has the same face type and
    node set.  The two surface sides of a shell4 are distinct physical
    sides: in a group of equal faces, the shell sides left over after one
    per other face are external.  Returns an (m, 3) int64 array of
    (block_id, element_index, face_index) rows in block, element, face
    order."""
    by_type = {}
    ordinal_base = 0
    for block_id, etype, conn in blocks:
        faces = E.FACES.get(etype, ())
        ne = conn.shape[0]
        nf = len(faces)
        for ftype, findex, local in E.face_table(etype) if nf else ():
            nodes = conn[:, local.ravel()].reshape(ne, len(findex), -1)
            keys = np.sort(nodes, axis=2).reshape(ne * len(findex), -1)
            elem = np.repeat(np.arange(ne, dtype=np.int64), len(findex))
            face = np.tile(findex, ne)
            shell = np.zeros(len(elem), dtype=bool)
            if etype == "shell4" and ftype == "quad4":
                shell[:] = face < 2
            entry = by_type.setdefault(ftype, [[], [], [], [], []])
            entry[0].append(keys)
            entry[1].append(np.full(len(elem), block_id, dtype=np.int64))
            entry[2].append(elem)
            entry[3].append(face)
            entry[4].append((ordinal_base + elem * nf + face, shell))
        ordinal_base += ne * nf
    picked = [np.zeros((0, 4), dtype=np.int64)]
    for ftype, (keys, bid, elem, face, extra) in by_type.items():
        keys = np.concatenate(keys)
        rows = np.column_stack([np.concatenate(bid), np.concatenate(elem),
                                np.concatenate(face),
                                np.concatenate([o for o, _ in extra])])
        shell = np.concatenate([s for _, s in extra])
        order, gid, ngroups = _rows_group(keys)
        rows, shell = rows[order], shell[order]
        n_shell = np.bincount(gid, weights=shell, minlength=ngroups)
        n_other = np.bincount(gid, weights=~shell, minlength=ngroups)
        keep = (~shell) & (n_other[gid] == 1) & (n_shell[gid] == 0)
        if n_shell.any():
            # rank of each shell side among its group's shell sides, by
            # ordinal (rows are sorted by key only, so sort again)
            idx = np.nonzero(shell)[0]
            sub = np.lexsort((rows[idx, 3], gid[idx]))
            idx = idx[sub]
            g = gid[idx]
            first = np.searchsorted(g, g)
            rank = np.arange(len(idx)) - first
            uncovered = (n_shell - n_other)[g]
            keep[idx[rank < uncovered]] = True
        picked.append(rows[keep])
    out = np.concatenate(picked)
    out = out[np.argsort(out[:, 3], kind="stable")]
    return np.ascontiguousarray(out[:, :3])


def duplicate_elements(conn):
    """Indices of elements whose node set equals that of an earlier element
    of the same block (exomerge compares node sets, so a repeated node in
    an element counts once)."""
    if conn.shape[0] == 0:
        return np.zeros(0, np.int64)
    s = np.sort(conn, axis=1)
    if s.shape[1] > 1:
        rep = np.zeros(s.shape, dtype=bool)
        rep[:, 1:] = s[:, 1:] == s[:, :-1]
        s = np.where(rep, -1, s)
        s.sort(axis=1)
    _, first = np.unique(s, axis=0, return_index=True)
    is_first = np.zeros(len(s), dtype=bool)
    is_first[first] = True
    return np.nonzero(~is_first)[0]


def merge_node_map(master):
    """From master[i] (== i for a kept node) build the renumbering that
    exomerge's merge applies: kept nodes keep their relative order, merged
    (slave) nodes disappear.  Returns (old_to_new for every old node, the
    slave mask); a slave maps to its master's new number."""
    n = len(master)
    slave = master != np.arange(n)
    kept_new = np.cumsum(~slave) - 1
    old_to_new = kept_new[master]
    return old_to_new, slave


def average_groups(values, master, slave):
    """Per-step values (steps, n) after merging: each kept master takes
    the mean of its group where the group's values differ (NaNs count as
    equal only to NaNs), otherwise its own value.  Returns (new values
    (steps, kept), whether any group differed)."""
    values = np.asarray(values, dtype=np.float64)
    if not slave.any():
        return values.copy(), False
    sl = np.nonzero(slave)[0]
    ms = master[sl]
    a, b = values[:, sl], values[:, ms]
    same = (a == b) | (np.isnan(a) & np.isnan(b))
    if same.all():
        return values[:, ~slave], False
    n = values.shape[1]
    count = np.bincount(master, minlength=n).astype(np.float64)
    out = values.copy()
    for step in np.nonzero(~same.all(axis=1))[0]:
        bad = np.unique(ms[~same[step]])
        total = np.bincount(master, weights=values[step], minlength=n)
        out[step, bad] = total[bad] / count[bad]
    return out[:, ~slave], True


def derived_node_plan(parts, sort_keys):
    """Connectivity of converted blocks and the derived nodes they need.

    parts: list of (conn, scheme); a scheme lists the new elements per old
    element, entries an int (an existing local node) or a tuple of local
    nodes (a new node at their average).  A derived node is identified by
    its tuple of global nodes, sorted when sort_keys is True (neighbours
    then share it, as in exomerge's order conversions) or as ordered (as
    in its hex-to-tet split).  Derived nodes of all parts are numbered
    together in Python's sorted order of those tuples.

    Returns (new_conns, keys, sizes): per part an (ne*len(scheme), m)
    array with derived node k written as -1-k; keys (u, w) padded with -1
    past each key's size; sizes (u,)."""
    collected = []
    for conn, scheme in parts:
        for e, new_elem in enumerate(scheme):
            for p, entry in enumerate(new_elem):
                if not isinstance(entry, int):
                    collected.append(len(entry))
    width = max(collected) if collected else 1
    all_keys = []
    slots = []
    for conn, scheme in parts:
        ne = conn.shape[0]
        new = np.empty((ne, len(scheme), len(scheme[0])), dtype=np.int64)
        for e, new_elem in enumerate(scheme):
            for p, entry in enumerate(new_elem):
                if isinstance(entry, int):
                    new[:, e, p] = conn[:, entry]
                    continue
                key = conn[:, list(entry)]
                if sort_keys:
                    key = np.sort(key, axis=1)
                pad = np.full((ne, width), -1, dtype=np.int64)
                pad[:, :len(entry)] = key
                all_keys.append(pad)
                slots.append((len(slots), new, e, p, ne))
        parts_new = new
        slots.append(("part", parts_new))
    if all_keys:
        stacked = np.concatenate(all_keys)
        keys, inv = np.unique(stacked, axis=0, return_inverse=True)
        inv = inv.reshape(-1)
    else:
        keys = np.zeros((0, width), dtype=np.int64)
        inv = np.zeros(0, dtype=np.int64)
    new_conns, offset = [], 0
    for slot in slots:
        if slot[0] == "part":
            arr = slot[1]
            new_conns.append(arr.reshape(arr.shape[0] * arr.shape[1], -1))
            continue
        _, arr, e, p, ne = slot
        arr[:, e, p] = -1 - inv[offset:offset + ne]
        offset += ne
    sizes = (keys >= 0).sum(axis=1)
    return new_conns, keys, sizes


def derived_coords(values, keys, sizes):
    """Averages of node values (n, ...) over each derived key's nodes."""
    out = np.zeros((len(keys),) + values.shape[1:])
    for k in range(keys.shape[1]):
        live = keys[:, k] >= 0
        out[live] += values[keys[live, k]]
    shape = (-1,) + (1,) * (values.ndim - 1)
    return out / sizes.reshape(shape)


def face_translation(old_type, new_type, scheme):
    """For each face of the old element type, the (new element, new face)
    pairs of the scheme whose nodes lie on it (exomerge's rule for moving
    side-set members to converted elements)."""
    old_faces = [set(f) for _, f in E.FACES[old_type]]
    new_faces = E.FACES[new_type]
    out = [[] for _ in old_faces]
    for ei, new_elem in enumerate(scheme):
        for fi, (_, members) in enumerate(new_faces):
            used = set()
            for m in members:
                entry = new_elem[m]
                if isinstance(entry, int):
                    used.add(entry)
                else:
                    used.update(entry)
            for oi, old in enumerate(old_faces):
                if used <= old:
                    out[oi].append((ei, fi))
    return out


def translate_side_members(members, block_id, new_block_id, translation,
                           multiplier):
    """Side-set rows of block_id mapped onto converted elements: returns
    (source row index per new row, new (m, 3) rows) in exomerge's order
    (per old member, its translated faces in order)."""
    rows = np.nonzero(members[:, 0] == block_id)[0]
    src, out = [], []
    counts = np.array([len(t) for t in translation], dtype=np.int64)
    if len(rows) == 0:
        return np.zeros(0, np.int64), np.zeros((0, 3), np.int64)
    faces = members[rows, 2]
    reps = counts[faces]
    src = np.repeat(rows, reps)
    k = np.arange(int(reps.sum())) - np.repeat(np.cumsum(reps) - reps, reps)
    pad = max(1, int(counts.max()))
    table_e = np.zeros((len(translation), pad), dtype=np.int64)
    table_f = np.zeros((len(translation), pad), dtype=np.int64)
    for i, t in enumerate(translation):
        for j, (e, f) in enumerate(t):
            table_e[i, j] = e
            table_f[i, j] = f
    fsrc = members[src, 2]
    out = np.column_stack([
        np.full(len(src), new_block_id, dtype=np.int64),
        members[src, 1] * multiplier + table_e[fsrc, k],
        table_f[fsrc, k]])
    return src, out
