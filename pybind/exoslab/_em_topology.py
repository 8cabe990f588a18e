"""Topology kernels on numpy arrays: exterior faces by sorted face keys,
node-merge plans, duplicate elements, element-type conversions.

``conn`` arguments are (elements, nodes_per_element) int64 arrays of
0-based node indices."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional, Sequence, Union

import sys

import numpy as np

from ._em_types import EntityId, EntityIds, Timestep, Tolerance
from . import _em_elements as E
from ._em_kernels import kernel
from ._em_metrics import fresh_arange, fresh_empty


def _packed_columns(keys):
    """Columns whose lexicographic order equals that of the rows (keys: a
    2-D int array or a list of 1-D columns): pairs of columns packed into
    one int64 when every value fits 31 bits (values of -1, used as
    padding, are shifted up first)."""
    cols = list(keys.T) if isinstance(keys, np.ndarray) else list(keys)
    if len(cols) < 2 or len(cols[0]) == 0:
        return cols
    low = min(int(c.min()) for c in cols)
    high = max(int(c.max()) for c in cols)
    if low < -1 or high >= 2 ** 31 - 1:
        return cols
    shift = 1 if low < 0 else 0
    out = []
    for k in range(0, len(cols) - 1, 2):
        out.append(((cols[k] + shift) << 32) | (cols[k + 1] + shift))
    if len(cols) % 2:
        out.append(cols[-1] + shift)
    return out


def _rows_group(keys):
    """Group identical rows (keys: a 2-D int array or a list of 1-D
    columns): (order, group id per sorted position, number of groups).
    Equal rows are adjacent in `order`; groups come in lexicographic order
    of the rows."""
    cols = list(np.asarray(keys, dtype=np.int64).T) if \
        isinstance(keys, np.ndarray) else list(keys)
    n = len(cols[0]) if cols else 0
    if n == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), 0
    fast = _rows_group_one_key(cols, keys if isinstance(keys, np.ndarray)
                               else None)
    if fast is not None:
        return fast
    packed = _packed_columns(cols)
    if len(packed) == 1:
        order = np.argsort(packed[0], kind="stable")
    else:
        order = np.lexsort(packed[::-1])
    return order, _run_ids(packed, order), None or _count(order, packed)


def _run_ids(cols, order):
    new = np.zeros(len(order), dtype=bool)
    new[0] = True
    for c in cols:
        sc = c[order]
        new[1:] |= sc[1:] != sc[:-1]
    gid = np.cumsum(new)
    gid -= 1
    return gid


def _count(order, cols):
    return int(_run_ids(cols, order)[-1]) + 1


def _rows_group_one_key(cols, rows=None):
    """The common case in one sort: when values fit 21 bits, the first
    three columns pack into one int64; one argsort of it groups the rows.
    Rows tied on it but not on the remaining columns (a face's nodes and
    its element's, say) are ordered by a lexsort of those rows only.
    None when the values do not fit (the caller sorts on every column).
    rows: the (n, w) array cols are the columns of, if there is one (the
    columns past the third are then compared row-wise, not copied)."""
    if rows is not None and rows.ndim == 2 and rows.flags.c_contiguous:
        # one pass each over contiguous memory (a reduction along a
        # strided column is several times slower)
        low, high = int(rows.min()), int(rows.max())
    else:
        low = min(int(c.min()) for c in cols)
        high = max(int(c.max()) for c in cols)
    if low < -1 or high >= 2 ** 21 - 1:
        return None
    # (c0 + s) * 2^42 + (c1 + s) * 2^21 + (c2 + s), each term 21 bits (the
    # packed key), built in place without a shifted copy of any column:
    # every temporary of this size is ~450 first-touch faults at 64k
    key = np.empty(len(cols[0]), dtype=np.int64)
    key[...] = cols[0]
    for c in cols[1:3]:
        np.multiply(key, 1 << 21, out=key)
        key += c
    if low < 0:
        key += sum(1 << (21 * k) for k in range(min(3, len(cols))))
    # keys built element by element come in long ascending runs, which
    # the stable sort (timsort) merges 2-3x faster than the quicksort
    order = np.argsort(key, kind="stable")
    same = _sorted_neighbours_equal(key, order)
    row_wise = rows is not None and rows.ndim == 2 and rows.shape[1] > 3 \
        and rows.dtype == np.int64 and rows.flags.c_contiguous
    if row_wise:
        differ = ~_sorted_rows_equal(rows, 3, order, same)
    else:
        differ = np.zeros(len(same), dtype=bool)
        for c in cols[3:]:
            differ |= ~_sorted_neighbours_equal(c, order, where=same)
    if differ.any():
        # the runs holding a difference, sorted within by every column;
        # the run numbers go into the key's buffer (no longer needed)
        run = key
        run[0] = 0
        np.cumsum(~same, out=run[1:])
        bad = np.zeros(int(run[-1]) + 1, dtype=bool)
        bad[run[1:][differ]] = True
        at = np.nonzero(bad[run])[0]
        picked = order[at]
        if row_wise:
            # inside a run the first three columns are equal: the rest,
            # gathered once and packed in pairs, order it
            tail = np.take(rows, picked, axis=0)[:, 3:]
            sub = np.lexsort(_packed_columns(list(tail.T))[::-1] +
                             [run[at]])
            del tail
        else:
            sub = np.lexsort([c[picked] for c in cols[::-1]] + [run[at]])
        order[at] = picked[sub]
        if row_wise:
            same &= _sorted_rows_equal(rows, 3, order, same)
        else:
            for c in cols[3:]:
                same &= _sorted_neighbours_equal(c, order)
    new = np.ones(len(order), dtype=bool)
    new[1:] = ~same
    # the group ids go into the key's buffer, no longer needed: a freed
    # large array goes back to the kernel and a new one is faulted in
    # again, so reusing it saves the first touches
    gid = np.cumsum(new, out=key)
    gid -= 1    # in place: no second full-size array
    return order, gid, int(gid[-1]) + 1


def sort_columns(cols):
    """Sort across a list of equal-length int columns (row-wise), by a
    compare-exchange network (odd-even transposition): for the short rows
    of face and edge keys much faster than np.sort(axis=1)."""
    cols = list(cols)
    k = len(cols)
    for rnd in range(k):
        for j in range(rnd % 2, k - 1, 2):
            lo = np.minimum(cols[j], cols[j + 1])
            cols[j + 1] = np.maximum(cols[j], cols[j + 1])
            cols[j] = lo
    return cols


def sort_rows_small(a):
    """Each row of a (m, k) int array sorted (see sort_columns)."""
    a = np.asarray(a, dtype=np.int64)
    if a.shape[1] <= 1:
        return a.copy()
    return np.column_stack(sort_columns(np.ascontiguousarray(a.T)))


#: elements per slab when face keys are built (small temporaries, reused)
FACE_SLAB = 8192


def _face_segments(blocks):
    """Per face type, the (conn, local nodes, ordinal base, faces per
    element, face index) of every block face of that type; and the blocks'
    (ordinal base, block id, faces per element)."""
    by_type, bases, ordinal_base = {}, [], 0
    for block_id, etype, conn in blocks:
        faces = E.FACES.get(etype, ())
        nf = len(faces)
        bases.append((ordinal_base, block_id, nf))
        for f, (ftype, local) in enumerate(faces):
            by_type.setdefault(ftype, []).append(
                (conn, list(local), ordinal_base, nf, f))
        ordinal_base += conn.shape[0] * nf
    return by_type, bases, ordinal_base


#: entries per slab of a gather through a sort order
GATHER_SLAB = 1 << 16


def _sorted_neighbours_equal(values, order, where=None):
    """values[order][1:] == values[order][:-1] (only where `where` is
    True, elsewhere True), gathered in slabs through one small reused
    buffer: the sorted copy of values is never made (at 1M elements 48
    MiB less peak memory, and no first-touch page faults for it)."""
    # np.take copies a non-contiguous source whole on every call: a
    # strided column is made contiguous once here
    values = np.ascontiguousarray(values)
    n = len(order)
    eq = np.ones(max(n - 1, 0), dtype=bool)
    buf = np.empty(min(GATHER_SLAB, n) + 1, dtype=values.dtype)
    for s in range(0, n - 1, GATHER_SLAB):
        e = min(s + GATHER_SLAB, n - 1)
        got = buf[:e + 1 - s]
        np.take(values, order[s:e + 1], out=got)
        np.equal(got[1:], got[:-1], out=eq[s:e])
    if where is not None:
        # a plain compare and one mask pass: boolean indexing per slab
        # was slower
        eq |= ~where
    return eq


def _sorted_rows_equal(rows, start, order, where):
    """_sorted_neighbours_equal of the columns start.. of a C-ordered
    (n, w) array at once, where `where` is True (elsewhere True): rows
    gathered through the order in slabs into one small reused buffer."""
    n = len(order)
    eq = np.ones(max(n - 1, 0), dtype=bool)
    buf = np.empty((min(GATHER_SLAB, n) + 1, rows.shape[1]), dtype=rows.dtype)
    col = np.empty(min(GATHER_SLAB, n), dtype=bool)
    for s in range(0, n - 1, GATHER_SLAB):
        e = min(s + GATHER_SLAB, n - 1)
        got = buf[:e + 1 - s]
        np.take(rows, order[s:e + 1], axis=0, out=got)
        # column by column (np.all along a short row axis is much slower)
        part = eq[s:e]
        for j in range(start, rows.shape[1]):
            np.equal(got[1:, j], got[:-1, j], out=col[:e - s])
            part &= col[:e - s]
    eq |= ~where
    return eq


def _single_face_ordinals(segments):
    """Ordinals of the faces of one face type that no other face shares,
    or None when the fast key does not apply.  Each face's sorted node
    list is packed (first three nodes, 21 bits each) into one int64 built
    in slabs; one argsort groups equal keys, and the nodes past the third
    must agree inside each group (else None)."""
    width = len(segments[0][1])
    total = sum(seg[0].shape[0] for seg in segments)
    key = np.empty(total, dtype=np.int64)
    # node numbers fit 21 bits here: the nodes past the third as int32
    rest = np.empty((max(width - 3, 0), total), dtype=np.int32)
    starts, pos = [], 0
    for conn, local, _, _, _ in segments:
        starts.append(pos)
        for s in range(0, conn.shape[0], FACE_SLAB):
            part = conn[s:s + FACE_SLAB]
            cols = sort_columns([part[:, j] for j in local])
            m = part.shape[0]
            out = key[pos:pos + m]
            out[...] = cols[0]
            for c in cols[1:3]:
                out <<= 21
                out |= c
            for r, c in enumerate(cols[3:]):
                rest[r, pos:pos + m] = c
            pos += m
    # each face segment's keys ascend nearly everywhere (runs broken only
    # at row ends): the stable sort (timsort) merges those runs, 3x
    # faster here than the default quicksort at 64k and 1M elements
    order = np.argsort(key, kind="stable")
    eq = _sorted_neighbours_equal(key, order)
    del key
    for row in rest:
        # sorted neighbours equal on the key must agree past the third node
        if not _sorted_neighbours_equal(row, order, where=eq).all():
            return None
    single = np.ones(total, dtype=bool)
    single[1:] &= ~eq
    single[:-1] &= ~eq
    picked = order[single]
    seg = np.searchsorted(np.array(starts), picked, side="right") - 1
    info = np.array([(st, b, nf, f) for st, (_, _, b, nf, f) in
                     zip(starts, segments)], dtype=np.int64).reshape(-1, 4)
    elem = picked - info[seg, 0]
    return info[seg, 1] + elem * info[seg, 2] + info[seg, 3]


def _ordinals_to_rows(ords, bases, ordinal_base):
    out = np.empty((len(ords), 3), dtype=np.int64)
    starts = np.array([b[0] for b in bases] + [ordinal_base])
    which = np.searchsorted(starts, ords, side="right") - 1
    for k, (base, block_id, nf) in enumerate(bases):
        sel = which == k
        local = ords[sel] - base
        out[sel, 0] = block_id
        out[sel, 1] = local // max(nf, 1)
        out[sel, 2] = local % max(nf, 1)
    return out


def _exterior_faces_fast(blocks):
    """exterior_faces for meshes without shell4 blocks whose node indices
    fit 21 bits, or None."""
    if any(etype == "shell4" for _, etype, _ in blocks):
        return None
    if any(conn.size and (conn.min() < 0 or conn.max() >= 2 ** 21 - 1)
           for _, _, conn in blocks):
        return None
    by_type, bases, ordinal_base = _face_segments(blocks)
    picked = []
    for segments in by_type.values():
        if len(segments[0][1]) < 1:
            return None
        ords = _single_face_ordinals(segments)
        if ords is None:
            return None
        picked.append(ords)
    ords = np.sort(np.concatenate(picked)) if picked else \
        np.zeros(0, dtype=np.int64)
    return _ordinals_to_rows(ords, bases, ordinal_base)


def exterior_faces(blocks):
    """External faces of the given blocks, as exomerge defines them.

    blocks: list of (block_id, element_type, conn).  A face is external
    when no other face (of any of the blocks) has the same face type and
    node set.  The two surface sides of a shell4 are distinct physical
    sides: in a group of equal faces, the shell sides left over after one
    per other face are external.  Returns an (m, 3) int64 array of
    (block_id, element_index, face_index) rows in block, element, face
    order."""
    fast = _exterior_faces_fast(blocks)
    if fast is not None:
        return fast
    return exterior_faces_general(blocks)


def exterior_faces_general(blocks):
    """exterior_faces by a lexicographic sort of every face's full sorted
    node list (any node count, shell4 sides)."""
    by_type = {}
    bases, ordinal_base = [], 0
    for block_id, etype, conn in blocks:
        faces = E.FACES.get(etype, ())
        ne, nf = conn.shape[0], len(faces)
        bases.append((ordinal_base, block_id, nf))
        conn_t = np.ascontiguousarray(conn.T) if nf else None
        elem_ord = np.arange(ne, dtype=np.int64) * nf + ordinal_base
        for ftype, findex, local in E.face_table(etype) if nf else ():
            # face-major order: all elements' face f, then face f+1, ...
            nodes = [np.concatenate([conn_t[local[f, j]]
                                     for f in range(len(findex))])
                     for j in range(local.shape[1])]
            ordinal = np.concatenate([elem_ord + f for f in findex])
            shell = None
            if etype == "shell4" and ftype == "quad4":
                shell = np.repeat(findex < 2, ne)
            by_type.setdefault(ftype, []).append((nodes, ordinal, shell))
        ordinal_base += ne * nf
    picked = []
    for ftype, parts in by_type.items():
        width = len(parts[0][0])
        keys = sort_columns([np.concatenate([p[0][j] for p in parts])
                             for j in range(width)])
        ordinal = np.concatenate([p[1] for p in parts])
        order, gid, ngroups = _rows_group(keys)
        size = np.bincount(gid, minlength=ngroups)
        if all(p[2] is None for p in parts):
            picked.append(ordinal[order[size[gid] == 1]])
            continue
        shell = np.concatenate([p[2] if p[2] is not None else
                                np.zeros(len(p[1]), dtype=bool)
                                for p in parts])[order]
        ords = ordinal[order]
        n_shell = np.bincount(gid, weights=shell, minlength=ngroups)
        n_other = size - n_shell
        keep = (~shell) & (n_other[gid] == 1) & (n_shell[gid] == 0)
        idx = np.nonzero(shell)[0]
        sub = np.lexsort((ords[idx], gid[idx]))
        idx = idx[sub]
        g = gid[idx]
        rank = np.arange(len(idx)) - np.searchsorted(g, g)
        keep[idx[rank < (n_shell - n_other)[g]]] = True
        picked.append(ords[keep])
    ords = np.sort(np.concatenate(picked)) if picked else \
        np.zeros(0, dtype=np.int64)
    return _ordinals_to_rows(ords, bases, ordinal_base)


def duplicate_elements(conn):
    """Indices of elements whose node set equals that of an earlier element
    of the same block (exomerge compares node sets, so a repeated node in
    an element counts once)."""
    if conn.shape[0] == 0:
        return np.zeros(0, np.int64)
    s = sort_rows_small(conn)
    if s.shape[1] > 1:
        rep = np.zeros(s.shape, dtype=bool)
        rep[:, 1:] = s[:, 1:] == s[:, :-1]
        s = sort_rows_small(np.where(rep, -1, s))
    order, gid, _ = _rows_group(s)
    first = np.ones(len(order), dtype=bool)
    first[1:] = gid[1:] != gid[:-1]
    # the first element of each group in index order survives
    lowest = np.full(int(gid[-1]) + 1, len(s), dtype=np.int64)
    np.minimum.at(lowest, gid, order)
    dup = np.ones(len(s), dtype=bool)
    dup[lowest] = False
    return np.nonzero(dup)[0]


def merge_node_map(master):
    """From master[i] (== i for a kept node) build the renumbering that
    exomerge's merge applies: kept nodes keep their relative order, merged
    (slave) nodes disappear.  Returns (old_to_new for every old node, the
    slave mask); a slave maps to its master's new number."""
    n = len(master)
    renumber = kernel("em_merge_node_map")
    if renumber is not None:
        # one pass: a master is a kept node below its slaves
        old_to_new = fresh_empty(n, np.int64)
        slave = np.empty(n, dtype=bool)
        renumber(np.ascontiguousarray(master, dtype=np.int64), old_to_new,
                 slave)
        return old_to_new, slave
    index = fresh_arange(n)
    slave = master != index
    # new number = old number - slaves before it (slaves are few: the
    # running count is one cumsum, the slaves' entries a small gather)
    before = np.cumsum(slave, out=fresh_empty(n, np.int64))
    np.subtract(index, before, out=before)
    slaves = np.nonzero(slave)[0]
    before[slaves] = before[master[slaves]]
    return before, slave


def remap_in_place(table, conn):
    """conn[k] = table[conn[k]], in conn's own memory when it is a
    writeable int64 array (exomerge rewrites each block's connectivity
    list in place, and a fresh array of the mesh's size costs more than
    the lookup); a new array otherwise."""
    conn = np.asarray(conn)
    if conn.dtype == np.int64 and conn.flags.c_contiguous and \
            conn.flags.writeable and conn.size:
        # mode="clip" takes no buffered copy; the bounds are checked first
        # so that a bad index is an error, never a clamped entry
        if conn.min() < 0 or conn.max() >= len(table):
            raise ValueError(f"connectivity names a node outside 0..{len(table) - 1}")
        np.take(table, conn, out=conn, mode="clip")
        return conn
    return table[conn.astype(np.int64)] if conn.size else conn


def remap_blocks(blocks, table):
    """Every block's connectivity through table: in place, unless two
    blocks' arrays share memory (a block duplicated onto the same nodes
    may view its source's array), where each gets a new array."""
    conns = [np.asarray(b.connectivity) for b in blocks]
    # byte ranges sorted by start: an overlap shows between neighbours
    # (a running maximum of the ends covers nested ranges)
    spans = sorted(np.byte_bounds(c) for c in conns if c.size)
    shared, end = False, None
    for lo, hi in spans:
        if end is not None and lo < end:
            shared = True
        end = hi if end is None else max(end, hi)
    for blk, conn in zip(blocks, conns):
        if shared:
            blk.connectivity = table[conn] if conn.size else conn
        else:
            blk.connectivity = remap_in_place(table, conn)


def unshared(mapping, key):
    """Whether mapping[key] is a writeable C-ordered float64 array whose
    memory nothing but that entry reaches: no other name, container or
    view holds it or its buffer (by reference counts; fresh_empty's
    results are views of a larger buffer, which must then be reached
    through the array alone).  Such an array may be compacted in place."""
    a = mapping[key]
    if not (isinstance(a, np.ndarray) and a.dtype == np.float64 and
            a.flags.c_contiguous and a.flags.writeable):
        return False
    # the mapping's entry, the local name, getrefcount's argument
    if sys.getrefcount(a) != 3:
        return False
    base = a.base
    if base is None:
        return True
    # a.base, the local name, the argument
    return isinstance(base, np.ndarray) and base.base is None and \
        base.flags.writeable and sys.getrefcount(base) == 3


def average_groups(values, master, slave, in_place=False):
    """Per-step values (steps, n) after merging: each kept master takes
    the mean of its group where the group's values differ (NaNs count as
    equal only to NaNs), otherwise its own value.  Returns (new values
    (steps, kept), whether any group differed).  in_place: values is an
    array no one else reaches (see unshared), whose buffer may hold the
    result (a fresh one costs its first touches, ~20 us per page here)."""
    values = np.asarray(values, dtype=np.float64)
    if not slave.any():
        return values.copy(), False
    sl = np.nonzero(slave)[0]
    ms = master[sl]
    a, b = values[:, sl], values[:, ms]
    same = (a == b) | (np.isnan(a) & np.isnan(b))
    if same.all():
        return _kept_columns(values, slave, in_place), False
    n = values.shape[1]
    count = np.bincount(master, minlength=n).astype(np.float64)
    out = values.copy()
    for step in np.nonzero(~same.all(axis=1))[0]:
        bad = np.unique(ms[~same[step]])
        # exomerge's sum: the master's value plus the slaves' running sum
        # (in node order), so that the result is the same to the last bit
        slaves = np.bincount(ms, weights=values[step, sl], minlength=n)
        out[step, bad] = (values[step, bad] + slaves[bad]) / count[bad]
    # out is this function's own copy: compacted in its buffer
    return _kept_columns(out, slave, True), True


def _kept_columns(values, slave, in_place=False):
    """values[:, ~slave] as a C-ordered array: compacted within values'
    own buffer when in_place and the extension's em_keep can (it copies
    forward, every entry to a place at or before its own), else fresh
    (on huge pages where that saves page faults, see fresh_empty)."""
    kept = len(slave) - int(np.count_nonzero(slave))
    return _compress(values, slave, 1, _kept_out(values, (values.shape[0], kept),
                                                 in_place))


def _kept_out(values, shape, in_place):
    """The output array of _compress: the start of values' buffer when
    in_place is allowed and em_keep will do the copy, else fresh_empty."""
    if in_place and kernel("em_keep") is not None and \
            values.dtype == np.float64 and values.flags.c_contiguous and \
            values.flags.writeable and len(values):
        return values.reshape(-1)[:shape[0] * shape[1]].reshape(shape)
    return fresh_empty(shape)


def _compress(values, drop, width, out):
    """values' entries of `width` values (columns of a (steps, n) array,
    rows of an (n, 3) one) whose drop flag is False, into out: the
    extension's em_keep copies the runs between dropped entries; else
    np.compress."""
    keep_runs = kernel("em_keep")
    if keep_runs is not None and values.dtype == np.float64 and \
            values.flags.c_contiguous and out.flags.c_contiguous and \
            len(values):
        keep_runs(values.reshape(len(values) if width == 1 else 1, -1),
                  drop, width, out.reshape(len(out) if width == 1 else 1, -1))
        return out
    return np.compress(~drop, values, axis=1 if width == 1 else 0, out=out)


def unique_rows(rows):
    """Unique rows of a 2-D int array in lexicographic order, and for each
    input row its index among them (a lexsort, much faster than
    np.unique(axis=0))."""
    rows = np.asarray(rows, dtype=np.int64)
    if rows.shape[0] == 0:
        return rows.copy(), np.zeros(0, dtype=np.int64)
    order, gid, _ = _rows_group(rows)
    first = np.ones(len(order), dtype=bool)
    first[1:] = gid[1:] != gid[:-1]
    inverse = np.empty(len(order), dtype=np.int64)
    inverse[order] = gid
    return rows[order[first]], inverse


def derived_node_plan(parts, sort_keys):
    """Connectivity of converted blocks and the derived nodes they need.

    parts: list of (conn, scheme); a scheme lists the new elements per old
    element, entries an int (an existing local node) or a tuple of local
    nodes (a new node at their average).  A derived node is identified by
    its tuple of global nodes, sorted when sort_keys is True (neighbours
    then share it, as in exomerge's order conversions) or as ordered (as
    in its hex-to-tet split).  Derived nodes of all parts are numbered
    together in Python's sorted order of those tuples (keys are padded
    with -1, which sorts a shorter tuple before its extensions).

    Returns (new_conns, keys, sizes): per part an (ne*len(scheme), m)
    array with derived node k written as -1-k; keys (u, w) padded with -1
    past each key's size; sizes (u,)."""
    distinct, keys, inv = derived_node_keys(parts, sort_keys)
    return _derived_conns(parts, distinct, keys, inv)


def derived_node_keys(parts, sort_keys):
    """The derived nodes of derived_node_plan: per part its distinct
    derived entries ({tuple of local nodes: slot}), the unique keys (u, w)
    and for every part's (element, slot) row in turn its key's index."""
    distinct = []
    for conn, scheme in parts:
        entries = {}
        for new_elem in scheme:
            for entry in new_elem:
                if not isinstance(entry, int):
                    entries.setdefault(tuple(entry), len(entries))
        distinct.append(entries)
    width = max([len(k) for d in distinct for k in d] or [1])
    # every part's keys written straight into one array (no concatenated
    # copy: at 64k hex8 -> hex20 that was 12 MiB of fresh memory)
    total = sum(conn.shape[0] * len(d) for (conn, _), d in
                zip(parts, distinct))
    packed = _derived_keys_packed(parts, distinct, width, sort_keys, total)
    if packed is not None:
        keys, inv = packed
        return distinct, keys, inv
    rows = np.full((total, width), -1, dtype=np.int64)
    at = 0
    for (conn, _), entries in zip(parts, distinct):
        ne = conn.shape[0]
        pad = rows[at:at + ne * len(entries)].reshape(ne, len(entries),
                                                      width)
        at += ne * len(entries)
        for entry, slot in entries.items():
            cols = [conn[:, k] for k in entry]
            if sort_keys:
                cols = sort_columns(cols)
            for j, col in enumerate(cols):
                pad[:, slot, j] = col
    if parts:
        keys, inv = unique_rows(rows)
        del rows
    else:
        keys, inv = np.zeros((0, width), np.int64), np.zeros(0, np.int64)
    return distinct, keys, inv


#: bits per node number in the packed derived-node keys
_KEY_BITS = 21


def _derived_keys_packed(parts, distinct, width, sort_keys, total):
    """unique_rows of derived_node_plan's key rows, computed from one
    int64 per row (the row's nodes, 21 bits each) without making the
    (total, width) row array: at 1M hex8 -> hex20 that array was 192 MiB
    of the conversion's peak.  The order, groups and results are those of
    unique_rows (which packs the same way, see _rows_group_one_key).
    None unless every key has `width` <= 3 nodes below 2^21 - 1."""
    if width > 3 or not total or any(len(k) != width for d in distinct
                                     for k in d):
        return None
    high = max(int(conn.max()) for conn, _ in parts if conn.size)
    low = min(int(conn.min()) for conn, _ in parts if conn.size)
    if low < 0 or high >= 2 ** _KEY_BITS - 1:
        return None
    key = np.empty(total, dtype=np.int64)
    at = 0
    for (conn, _), entries in zip(parts, distinct):
        ne = conn.shape[0]
        view = key[at:at + ne * len(entries)].reshape(ne, len(entries))
        at += ne * len(entries)
        for entry, slot in entries.items():
            cols = [conn[:, k] for k in entry]
            if sort_keys:
                cols = sort_columns(cols)
            col = view[:, slot]
            col[...] = cols[0]
            for c in cols[1:]:
                col <<= _KEY_BITS
                col |= c
    # as _rows_group_one_key: keys come in ascending runs (stable sort)
    order = np.argsort(key, kind="stable")
    new = np.ones(total, dtype=bool)
    new[1:] = ~_sorted_neighbours_equal(key, order)
    unique = key[order[new]]
    # group ids into the key's buffer, then each row's id in place of the
    # order (inverse[order[k]] = gid[k]); neither needs a new full array
    gid = np.cumsum(new, out=key)
    gid -= 1
    del new
    inverse = np.empty(total, dtype=np.int64)
    inverse[order] = gid
    del order, gid, key
    keys = np.empty((len(unique), width), dtype=np.int64)
    mask = (1 << _KEY_BITS) - 1
    for j in range(width - 1, -1, -1):
        np.bitwise_and(unique, mask, out=keys[:, j])
        unique >>= _KEY_BITS
    return keys, inverse


def _derived_conns(parts, distinct, keys, inv):
    """derived_node_plan's result from the unique keys and each key row's
    index among them."""
    new_conns, offset = [], 0
    for (conn, scheme), entries in zip(parts, distinct):
        ne = conn.shape[0]
        local = inv[offset:offset + ne * len(entries)].reshape(
            ne, len(entries))
        offset += ne * len(entries)
        new = np.empty((ne, len(scheme), len(scheme[0])), dtype=np.int64)
        for e, new_elem in enumerate(scheme):
            for p, entry in enumerate(new_elem):
                if isinstance(entry, int):
                    new[:, e, p] = conn[:, entry]
                else:
                    new[:, e, p] = -1 - local[:, entries[tuple(entry)]]
        new_conns.append(new.reshape(ne * len(scheme), -1))
    sizes = (keys >= 0).sum(axis=1)
    return new_conns, keys, sizes


#: derived nodes per slab of derived_coords
DERIVED_SLAB = 1 << 16


def derived_coords(values, keys, sizes, out=None):
    """Averages of node values (n, ...) over each derived key's nodes,
    written into `out` (a (len(keys), ...) float64 array or view) when
    given.  Computed in slabs of DERIVED_SLAB keys through one small
    reused gather buffer (at 1M hex8 -> hex20 a whole-size buffer was 74
    MiB of the conversion's peak), each slab's sum in place and divided
    in place; per node the same operations in the same order."""
    shape_out = (len(keys),) + values.shape[1:]
    if out is None:
        out = np.zeros(shape_out)
    tmp = np.empty((min(len(keys), DERIVED_SLAB),) + values.shape[1:],
                   dtype=np.float64)
    # np.take copies a non-contiguous source whole on every call (node
    # fields come transposed): plain fancy indexing then
    fast_take = values.dtype == np.float64 and values.flags.c_contiguous
    for s in range(0, len(keys), DERIVED_SLAB):
        e = min(len(keys), s + DERIVED_SLAB)
        _derived_slab(values, keys[s:e], sizes[s:e], out[s:e],
                      tmp[:e - s], fast_take)
    return out


def _derived_slab(values, keys, sizes, out, tmp, fast_take):
    out[...] = 0.0
    live = None
    for k in range(keys.shape[1]):
        col = keys[:, k] if live is None else keys[live, k]
        filled = col >= 0
        if not filled.all():
            # keys are padded at their end: past here only some are live
            live = np.nonzero(keys[:, k] >= 0)[0] if live is None else \
                live[filled]
            col = keys[live, k]
        if live is None and fast_take:
            np.take(values, col, axis=0, out=tmp)
            out += tmp
        elif live is None:
            out += values[col]
        else:
            out[live] += values[col]
    shape = (-1,) + (1,) * (values.ndim - 1)
    out /= sizes.reshape(shape)


def _number_new_nodes(new_conn, scheme, table, first):
    """In place: entries >= 0 of the converted connectivity become
    table[entry] (stay with no table), derived entries -1-k become node
    first + k; column by
    column where the scheme fixes which kind a column holds."""
    for p in range(new_conn.shape[1]):
        kinds = {isinstance(elem[p], int) for elem in scheme}
        col = new_conn[:, p]
        if kinds == {True}:
            if table is not None:
                col[...] = table[col]
        elif kinds == {False}:
            np.negative(col, out=col)
            col += first - 1
        else:
            derived = col < 0
            kept = col if table is None else table[np.where(derived, 0, col)]
            col[...] = np.where(derived, first - 1 - col, kept)


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


# ---------------------------------------------------------------------------
# methods of exoslab.exomerge.ExodusModel
# ---------------------------------------------------------------------------
def _conn2d(blk):
    npe = int(blk.nodes_per_element)
    return np.asarray(blk.connectivity, dtype=np.int64).reshape(-1, npe) \
        if npe else np.zeros((0, 0), dtype=np.int64)


def _set_conn(blk, conn2d, elem_type=None):
    """Replace a block's connectivity (and type), keeping the counts in
    step whether the dataclass stores them or derives them."""
    conn2d = np.ascontiguousarray(conn2d, dtype=np.int64)
    if elem_type is not None:
        blk.elem_type = elem_type
    cls = type(blk)
    if not isinstance(getattr(cls, "nodes_per_element", None), property):
        blk.nodes_per_element = int(conn2d.shape[1])
    blk.connectivity = conn2d.reshape(-1)
    if not isinstance(getattr(cls, "num_elements", None), property):
        blk.num_elements = int(conn2d.shape[0])
    elif hasattr(blk, "_num_elements"):
        blk._num_elements = int(conn2d.shape[0])


class TopologyMixin:
    """Node merging, element deletion, block conversions and copies."""

    if TYPE_CHECKING:       # the rest of ExodusModel, for the type checker
        def __getattr__(self, name: str) -> Any: ...

    # -- node bookkeeping ---------------------------------------------------
    def _ops_used_nodes_mask(self, skip=()):
        used = np.zeros(len(self._coords), dtype=bool)
        for bid, blk in self._blocks.items():
            if bid in skip:
                continue
            used[np.asarray(blk.connectivity, dtype=np.int64)] = True
        return used

    def _ops_renumber_nodes(self, keep, old_to_new):
        """Keep the nodes of mask `keep`; connectivity goes through
        old_to_new; node fields and node sets follow (set members of
        dropped nodes are dropped with their field values)."""
        drop = ~keep
        kept = int(np.count_nonzero(keep))
        # arrays only the model holds are compacted in their own memory
        # (see unshared; fresh ones cost their first touches)
        own = unshared(vars(self), "_coords")
        coords = np.asarray(self._coords)
        self._coords = _compress(coords, drop, 3,
                                 _kept_out(coords, (kept, 3), own)) \
            if coords.dtype == np.float64 and coords.flags.c_contiguous \
            else np.ascontiguousarray(coords[keep])
        del coords
        remap_blocks(list(self._blocks.values()), old_to_new)
        for name in list(self._node_fields):
            own = unshared(self._node_fields, name)
            v = np.asarray(self._node_fields[name])
            if v.ndim == 2 and v.dtype == np.float64 and v.flags.c_contiguous:
                self._node_fields[name] = _compress(
                    v, drop, 1, _kept_out(v, (v.shape[0], kept), own))
            else:
                self._node_fields[name] = np.ascontiguousarray(v[:, keep])
            del v
        for ns in self._node_sets.values():
            m = np.asarray(ns.members, dtype=np.int64)
            alive = keep[m] if len(m) else np.zeros(0, dtype=bool)
            ns.members = old_to_new[m[alive]]
            for name in list(ns.fields):
                ns.fields[name] = np.asarray(ns.fields[name])[:, alive]
        self._invalidate()

    def _ops_delete_nodes(self, delete_mask):
        """Delete nodes (error if an element still uses one)."""
        if not delete_mask.any():
            return
        used = self._ops_used_nodes_mask()
        if (used & delete_mask).any():
            bad = [b for b, blk in self._blocks.items() if
                   delete_mask[np.asarray(blk.connectivity, np.int64)].any()]
            self._error("Node still used.",
                        "A node in the list of nodes to delete is still used "
                        "by elements in element block %d and cannot be "
                        "deleted." % bad[0])
        keep = ~delete_mask
        old_to_new = np.cumsum(keep) - 1
        old_to_new[delete_mask] = -1
        self._ops_renumber_nodes(keep, old_to_new)

    def _ops_add_nodes(self, copy_of, keys=None, sizes=None):
        """Append copies of nodes `copy_of`, then nodes at the averages of
        the derived keys (see derived_node_plan).  Node fields follow;
        a copy joins every node set holding its source, a derived node
        every set holding all of its sources.  Returns the index of the
        first copy and of the first derived node."""
        copy_of = np.asarray(copy_of, dtype=np.int64)
        n0 = len(self._coords)
        first_derived = n0 + len(copy_of)
        nk = len(keys) if keys is not None else 0
        total = first_derived + nk
        # the grown arrays are allocated once and filled in place (no
        # concatenated copies of the derived values)
        coords = np.empty((total, 3), dtype=np.float64)
        coords[:n0] = self._coords
        coords[n0:first_derived] = self._coords[copy_of]
        if nk:
            derived_coords(self._coords, keys, sizes,
                           out=coords[first_derived:])
        self._coords = coords
        for name in list(self._node_fields):
            v = np.asarray(self._node_fields[name])
            grown = np.empty((v.shape[0], total),
                             dtype=np.result_type(v, np.float64))
            grown[:, :n0] = v
            grown[:, n0:first_derived] = v[:, copy_of]
            if nk:
                derived_coords(v.T, keys, sizes,
                               out=grown[:, first_derived:].T)
            self._node_fields[name] = grown
        for ns in self._node_sets.values():
            self._ops_grow_node_set(ns, copy_of, n0, keys, sizes,
                                    first_derived)
        self._invalidate()
        return n0, first_derived

    def _ops_grow_node_set(self, ns, copy_of, n0, keys, sizes, first_derived):
        m = np.asarray(ns.members, dtype=np.int64)
        pos = np.full(len(self._coords), -1, dtype=np.int64)
        pos[m] = np.arange(len(m))
        src = pos[copy_of] if len(copy_of) else np.zeros(0, np.int64)
        hit = np.nonzero(src >= 0)[0]
        new_members = [m, n0 + hit]
        new_vals = {k: [np.asarray(v), np.asarray(v)[:, src[hit]]]
                    for k, v in ns.fields.items()}
        if keys is not None and len(keys):
            kp = np.where(keys >= 0, pos[np.maximum(keys, 0)], 0)
            inside = np.all((keys < 0) | (kp >= 0), axis=1)
            sel = np.nonzero(inside)[0]
            new_members.append(first_derived + sel)
            local = np.where(keys[sel] >= 0, kp[sel], -1)
            for k, v in ns.fields.items():
                v = np.asarray(v)
                new_vals[k].append(derived_coords(v.T, local,
                                                  sizes[sel]).T)
        ns.members = np.concatenate(new_members)
        for k in list(ns.fields):
            ns.fields[k] = np.concatenate(new_vals[k], axis=1)

    # -- public node operations --------------------------------------------------
    def get_nodes_in_element_block(self, element_block_ids: EntityIds) -> list:
        """Sorted node indices used by the given element blocks."""
        ids = self._format_element_block_id_list(element_block_ids)
        self._materialize()
        return self._ops_block_nodes(ids).tolist()

    def get_element_block_connectivity(self, element_block_id: EntityId = "auto") -> np.ndarray:
        """Alias of get_connectivity()."""
        return self.get_connectivity(element_block_id)

    def delete_unused_nodes(self) -> None:
        """Delete the nodes no element uses."""
        self._materialize()
        self._ops_delete_nodes(~self._ops_used_nodes_mask())

    def merge_nodes(self, tolerance: Tolerance = 1e-6, relative_tolerance: bool = True,
                    suppress_warnings: bool = False) -> None:
        """Merge nodes no farther apart than the tolerance (times the length
        scale if relative_tolerance); each group of transitively close
        nodes becomes its lowest-index node.  Node fields and node set
        fields take the group mean where values differ (with a warning)."""
        from ._em_geometry import merge_masters, merge_pairs
        self._materialize()
        if relative_tolerance:
            tolerance *= self.get_length_scale()
        n = len(self._coords)
        i, j, _ = merge_pairs(self._coords, tolerance)
        self._ops_merge_groups(merge_masters(n, i, j), suppress_warnings)

    def _ops_merge_groups(self, master, suppress_warnings=False):
        """Merge every node into master[node] (the lowest index of its
        group): node fields and node set fields take group means where
        they differ; slaves disappear, the other nodes keep their order."""
        old_to_new, slave = merge_node_map(master)
        if not slave.any():
            return
        warned = False
        for name in list(self._node_fields):
            # an array only the model holds is compacted in its own memory
            # (exomerge too replaces the values of its field lists in place)
            own = unshared(self._node_fields, name)
            values, differs = average_groups(self._node_fields[name], master,
                                             slave, own)
            if differs and not warned and not suppress_warnings:
                self._warning(
                    "Node field values do not match.",
                    "Nodes are being merged but values at these nodes for "
                    'node field "%s" do not match.  An averaged value will '
                    "be used.\n\nFuture warnings of this type will be "
                    "suppressed." % name)
                warned = True
            self._node_fields[name] = np.ascontiguousarray(values)
        self._ops_merge_node_sets(master, old_to_new, suppress_warnings)
        # (asked before self._coords is an argument: that is a reference)
        own = unshared(vars(self), "_coords")
        kept = _kept_out(self._coords,
                         (len(slave) - int(np.count_nonzero(slave)), 3), own)
        self._coords = _compress(self._coords, slave, 3, kept)
        remap_blocks(list(self._blocks.values()), old_to_new)
        self._invalidate()

    def _ops_merge_node_sets(self, master, old_to_new, quiet):
        if not any(len(ns.members) for ns in self._node_sets.values()):
            return
        gsize = np.bincount(master, minlength=len(master))
        warned_member = warned_value = False
        for ns in self._node_sets.values():
            m = np.asarray(ns.members, dtype=np.int64)
            if len(m) == 0:
                continue
            g = master[m]
            order = np.lexsort((m, g))
            first = np.ones(len(m), dtype=bool)
            first[1:] = g[order][1:] != g[order][:-1]
            run = np.cumsum(first) - 1
            keeper_pos = order[first][run]
            local_master = np.empty(len(m), dtype=np.int64)
            local_master[order] = keeper_pos
            local_slave = local_master != np.arange(len(m))
            in_set = np.bincount(g, minlength=len(master))
            touched = np.unique(g[gsize[g] > 1])
            if len(touched) and (in_set[touched] < gsize[touched]).any() \
                    and not warned_member and not quiet:
                self._warning(
                    "Ambiguous merge of nodes.",
                    "Node are being merged, but only some of these nodes "
                    "belong to a given node set.  The operation is therefore "
                    "ambiguous on whether or not to include the merged node "
                    "in the set.  The merged node will be included in the "
                    "set.\n\nFuture warnings of this type will be "
                    "suppressed.")
                warned_member = True
            for name in list(ns.fields):
                vals, differs = average_groups(ns.fields[name], local_master,
                                               local_slave)
                if differs and not warned_value and not quiet:
                    self._warning(
                        "Node set field values do not match.",
                        "Nodes are being merged but values at these nodes "
                        "for node set field %s do not match.  An averaged "
                        "values will be used.\n\nFuture warnings of this "
                        "type will be suppressed." % name)
                    warned_value = True
                ns.fields[name] = vals
            ns.members = old_to_new[g[~local_slave]]

    # -- elements -------------------------------------------------------------
    def _ops_delete_elements(self, block_id, indices):
        """Delete elements of a block, their side-set members, and the nodes
        only they used."""
        blk = self._blocks[block_id]
        conn = _conn2d(blk)
        indices = np.unique(np.asarray(indices, dtype=np.int64))
        if len(indices) == 0:
            return
        gone = np.zeros(conn.shape[0], dtype=bool)
        gone[indices] = True
        nodes_of_gone = np.unique(conn[gone])
        new_index = np.cumsum(~gone) - 1
        for ss in self._side_sets.values():
            mem = np.asarray(ss.members, dtype=np.int64).reshape(-1, 3)
            mine = mem[:, 0] == block_id
            drop = np.zeros(len(mem), dtype=bool)
            drop[mine] = gone[mem[mine, 1]]
            mem = mem[~drop].copy()
            mine = mem[:, 0] == block_id
            mem[mine, 1] = new_index[mem[mine, 1]]
            ss.members = mem
            for name in list(ss.fields):
                ss.fields[name] = np.asarray(ss.fields[name])[:, ~drop]
        for name in list(blk.fields):
            blk.fields[name] = np.asarray(blk.fields[name])[:, ~gone]
        _set_conn(blk, conn[~gone])
        self._invalidate()
        unused = ~self._ops_used_nodes_mask()
        doomed = np.zeros(len(self._coords), dtype=bool)
        doomed[nodes_of_gone] = True
        self._ops_delete_nodes(unused & doomed)

    def delete_duplicate_elements(self, element_block_ids: EntityIds = "all") -> None:
        """Delete elements with the node set of an earlier element."""
        ids = self._format_element_block_id_list(element_block_ids)
        self._materialize()
        for bid in ids:
            self._ops_delete_elements(bid, duplicate_elements(
                _conn2d(self._blocks[bid])))

    def threshold_element_blocks(self, expression: str, element_block_ids: EntityIds = "all",
                                 timestep: Timestep = "last",
                                 new_element_block_id: Optional[int] = None) -> None:
        """Delete the elements where the expression of element fields is
        false at the timestep (or move them to new_element_block_id)."""
        from ._em_expr import ExpressionError, compile_expression
        ids = self._format_element_block_id_list(element_block_ids)
        [timestep] = self._format_id_list([timestep], self.get_timesteps(),
                                          "timestep", single=True)
        if new_element_block_id is not None and \
                self.element_block_exists(new_element_block_id):
            self._exists_error(new_element_block_id, "element block")
        self._materialize()
        step = self._get_internal_timestep_index(timestep)
        for bid in ids:
            blk = self._blocks[bid]
            names = {"time"} | set(self._global_variables) | set(blk.fields)
            try:
                expr = compile_expression(expression, names)
            except ExpressionError as exc:
                self._error("Invalid expression", str(exc))
            env = {"time": float(self._timesteps[step])}
            for n in expr.names_used:
                if n in blk.fields:
                    env[n] = np.asarray(blk.fields[n])[step]
                elif n in self._global_variables:
                    env[n] = float(self._global_variables[n][step])
            passed = np.broadcast_to(expr.evaluate(env) != 0,
                                     (int(blk.num_elements),))
            if new_element_block_id is not None:
                temp = self._new_element_block_id()
                self.duplicate_element_block(bid, temp, duplicate_nodes=False)
                self._ops_delete_elements(temp, np.nonzero(passed)[0])
                if temp != new_element_block_id:
                    if self.element_block_exists(new_element_block_id):
                        self.combine_element_blocks(
                            [temp, new_element_block_id],
                            new_element_block_id)
                    else:
                        self.rename_element_block(temp, new_element_block_id)
            self._ops_delete_elements(bid, np.nonzero(~passed)[0])

    def duplicate_element_block(self, element_block_id: EntityId,
                                new_element_block_id: Optional[int],
                                duplicate_nodes: bool = True) -> None:
        """Copy a block (onto copies of its nodes by default), its fields
        and its side-set members."""
        [element_block_id] = self._format_element_block_id_list(
            [element_block_id], single=True)
        self._materialize()
        blk = self._blocks[element_block_id]
        conn = _conn2d(blk)
        if duplicate_nodes:
            used = np.unique(conn)
            first, _ = self._ops_add_nodes(used)
            conn = first + np.searchsorted(used, conn)
        info = [blk.elem_type, conn.shape[0], conn.shape[1], 0]
        self.create_element_block(new_element_block_id, info,
                                  conn.reshape(-1))
        new = self._blocks[new_element_block_id]
        for name, values in blk.fields.items():
            new.fields[name] = np.array(values, dtype=np.float64)
        for ss in self._side_sets.values():
            mem = np.asarray(ss.members, dtype=np.int64).reshape(-1, 3)
            src = np.nonzero(mem[:, 0] == element_block_id)[0]
            add = mem[src].copy()
            add[:, 0] = new_element_block_id
            ss.members = np.concatenate([mem, add])
            for name in list(ss.fields):
                v = np.asarray(ss.fields[name])
                ss.fields[name] = np.concatenate([v, v[:, src]], axis=1)

    def combine_element_blocks(self, element_block_ids: EntityIds,
                               target_element_block_id: EntityId = "auto") -> None:
        """Join blocks of one nodes-per-element into one block (default id:
        the smallest); fields missing on some blocks are created."""
        ids = self._format_element_block_id_list(element_block_ids,
                                                 empty_list_okay=False)
        if target_element_block_id == "auto":
            target_element_block_id = min(ids)
        if len(ids) == 1:
            self.rename_element_block(ids[0], target_element_block_id)
            return
        self._materialize()
        if len({int(self._blocks[i].nodes_per_element) for i in ids}) != 1:
            self._error(
                "Incompatible element types.",
                "The number of nodes per element on each element block to "
                "be merged must by the same.  This is an ExodusII file "
                "requirement.")
        types = {self._get_standard_element_type(self._blocks[i].elem_type)
                 for i in ids}
        if len(types) != 1:
            self._warning("Element types vary.",
                          "The element types of the merged blocks differ.  "
                          "This may cause issues.")
        names = self.get_element_field_names(ids)
        warned = False
        for name in names:
            for i in ids:
                if not self.element_field_exists(name, i):
                    if not warned:
                        self._warning(
                            "Inconsistent element fields.",
                            'The element field "%s" is not defined on all '
                            "element blocks included in the merging "
                            "operation.  It will be created.  Future "
                            "warnings of this type will be suppressed."
                            % name)
                        warned = True
                    self.create_element_field(name, i)
        conns = [_conn2d(self._blocks[i]) for i in ids]
        conn = np.concatenate(conns)
        offsets = dict(zip(ids, np.cumsum([0] + [len(c) for c in conns])))
        temp = self._new_element_block_id()
        first = self._blocks[ids[0]]
        self.create_element_block(temp, [first.elem_type, conn.shape[0],
                                         conn.shape[1], 0],
                                  conn.reshape(-1))
        new = self._blocks[temp]
        for name in names:
            new.fields[name] = np.concatenate(
                [np.asarray(self._blocks[i].fields[name]) for i in ids],
                axis=1)
        for ss in self._side_sets.values():
            mem = np.asarray(ss.members, dtype=np.int64).reshape(-1, 3).copy()
            for i in ids:
                rows = mem[:, 0] == i
                mem[rows, 1] += offsets[i]
                mem[rows, 0] = temp
            ss.members = mem
        for i in ids:
            self.delete_element_block(i, delete_orphaned_nodes=False)
        self.rename_element_block(temp, target_element_block_id)

    def unmerge_element_blocks(self, element_block_ids: EntityIds = "all") -> None:
        """Copy the nodes shared by two blocks so that they share none (the
        later block of each pair gets the copies)."""
        ids = self._format_element_block_id_list(element_block_ids)
        if len(ids) <= 1:
            return
        self._materialize()
        for a in range(len(ids)):
            for b in range(a + 1, len(ids)):
                na = np.unique(self._blocks[ids[a]].connectivity)
                nb = np.unique(self._blocks[ids[b]].connectivity)
                shared = np.intersect1d(na, nb)
                if len(shared) == 0:
                    continue
                first, _ = self._ops_add_nodes(shared)
                blk = self._blocks[ids[b]]
                conn = np.asarray(blk.connectivity, dtype=np.int64)
                pos = np.searchsorted(shared, conn)
                pos_c = np.minimum(pos, len(shared) - 1)
                hit = shared[pos_c] == conn
                blk.connectivity = np.where(hit, first + pos_c, conn)
        self._invalidate()

    def build_hex8_cube(self, element_block_id: EntityId = "auto",
                        extents: Union[float, Sequence[Union[float, Sequence[float]]]] = 1.0,
                        divisions: Union[int, Sequence[int]] = 3) -> None:
        """Add a block of hex8 elements filling a box."""
        if element_block_id == "auto":
            element_block_id = self._new_element_block_id()
        if not isinstance(extents, list):
            extents = [[0.0, float(extents)]] * 3  # type: ignore[arg-type]
        else:
            extents = [x if isinstance(x, list) else [0.0, float(x)]
                       for x in extents]
        if isinstance(divisions, int):
            divisions = [divisions] * 3
        nx, ny, nz = [int(d) for d in divisions]
        (x0, x1), (y0, y1), (z0, z1) = [[float(a), float(b)]  # type: ignore[misc]
                                        for a, b in extents]
        self._materialize()
        offset = len(self._coords)
        k, j, i = np.meshgrid(np.arange(nz + 1), np.arange(ny + 1),
                              np.arange(nx + 1), indexing="ij")
        pts = np.column_stack([
            x0 + (x1 - x0) * i.ravel() / nx, y0 + (y1 - y0) * j.ravel() / ny,
            z0 + (z1 - z0) * k.ravel() / nz])
        base = np.array([0, 1, 2 + nx, 1 + nx])
        base = np.concatenate([base, base + (nx + 1) * (ny + 1)]) + offset
        ii, jj, kk = np.meshgrid(np.arange(nx), np.arange(ny), np.arange(nz),
                                 indexing="ij")
        first = (kk.ravel() * (ny + 1) + jj.ravel()) * (nx + 1) + ii.ravel()
        conn = first[:, None] + base[None, :]
        self.create_nodes(pts)
        self.create_element_block(element_block_id,
                                  ["hex8", nx * ny * nz, 8, 0],
                                  connectivity=conn.reshape(-1))

    # -- conversions -----------------------------------------------------------
    def convert_element_blocks(self, element_block_ids: EntityIds, new_element_type: str) -> None:
        """Convert blocks to another element type by exomerge's schemes."""
        ids = self._format_element_block_id_list(element_block_ids)
        self._ops_translate_blocks([(i, new_element_type) for i in ids])

    def make_elements_linear(self, element_block_ids: EntityIds = "all") -> None:
        """Convert blocks to the linear type making the fewest nodes."""
        self._ops_change_order(element_block_ids, 1)

    def make_elements_quadratic(self, element_block_ids: EntityIds = "all") -> None:
        """Convert blocks to the quadratic type making the fewest nodes."""
        self._ops_change_order(element_block_ids, 2)

    def _ops_change_order(self, element_block_ids, order):
        ids = self._format_element_block_id_list(element_block_ids)
        types = sorted({self._get_standard_element_type(
            self._blocks[i].elem_type) for i in ids})
        types = [t for t in types if t in E.STANDARD_TYPES]
        target_types = [t for t in E.STANDARD_TYPES if E.ORDER[t] == order]
        choice = {}
        for t in types:
            options = set(E.CONVERSIONS.get(t, {})) & set(target_types)
            if not options:
                if E.ORDER[t] == order:
                    continue
                self._error("Unable to convert",
                            "There is no valid scheme to convert elements of "
                            'type "%s" to an element type of order %d.'
                            % (t, order))
            scheme = E.CONVERSIONS[t]
            choice[t] = sorted((len(scheme[x]), len(scheme[x]) *
                                len(scheme[x][0]), x) for x in options)[0][-1]
        pairs = []
        for i in ids:
            t = self._get_standard_element_type(self._blocks[i].elem_type)
            if t in choice:
                pairs.append((i, choice[t]))
        self._ops_translate_blocks(pairs)

    def _ops_translate_blocks(self, pairs):
        valid = []
        for bid, new_type in pairs:
            if not self.element_block_exists(bid):
                self._missing_warning(bid, "element block")
                continue
            old = self._get_standard_element_type(self._blocks[bid].elem_type)
            if old not in E.CONVERSIONS:
                self._error("No element conversion schemes",
                            "There are no element conversion schemes to "
                            'convert elements of type "%s" into any other '
                            "element type." % old)
            if new_type not in E.CONVERSIONS[old]:
                self._error("Invalid target element type",
                            "There are no element conversion schemes to "
                            'convert elements of type "%s" into elements of '
                            'type "%s".  Conversions are available to the '
                            'following element types: "%s".'
                            % (old, new_type,
                               '", "'.join(E.CONVERSIONS[old])))
            valid.append((bid, old, new_type))
        if not valid:
            return
        self._materialize()
        parts = [(_conn2d(self._blocks[b]), E.CONVERSIONS[o][n])
                 for b, o, n in valid]
        new_conns, keys, sizes = derived_node_plan(parts, True)
        _, first = self._ops_add_nodes(np.zeros(0, np.int64), keys, sizes)
        before = np.zeros(len(self._coords), dtype=bool)
        for (bid, old, new), conn in zip(valid, new_conns):
            before[np.asarray(self._blocks[bid].connectivity, np.int64)] = True
            _number_new_nodes(conn, E.CONVERSIONS[old][new], None, first)
            self._ops_replace_elements(bid, old, new, E.CONVERSIONS[old][new],
                                       conn)
        self._ops_delete_nodes(before & ~self._ops_used_nodes_mask())

    def _ops_replace_elements(self, bid, old_type, new_type, scheme, conn):
        """Put converted elements in block bid: fields repeated per new
        element, side-set members moved to the new elements' faces (moved
        members go to the end of each set, as in exomerge)."""
        blk = self._blocks[bid]
        mult = len(scheme)
        for name in list(blk.fields):
            blk.fields[name] = np.repeat(np.asarray(blk.fields[name]), mult,
                                         axis=1)
        trans = face_translation(old_type, new_type, scheme)
        for ss in self._side_sets.values():
            mem = np.asarray(ss.members, dtype=np.int64).reshape(-1, 3)
            if not (mem[:, 0] == bid).any():
                continue
            src, rows = translate_side_members(mem, bid, bid, trans, mult)
            others = mem[:, 0] != bid
            ss.members = np.concatenate([mem[others], rows])
            for name in list(ss.fields):
                v = np.asarray(ss.fields[name])
                ss.fields[name] = np.concatenate([v[:, others], v[:, src]],
                                                 axis=1)
        _set_conn(blk, conn, new_type)
        self._invalidate()

    def convert_hex8_block_to_tet4_block(self, element_block_id: EntityId,
                                         scheme: str = "hex24tet") -> None:
        """Split each hex8 into 24 tet4 (two per face quarter, around the
        face and hex centres); side sets follow, the block gets copies of
        its nodes (originals no other block uses are deleted)."""
        [element_block_id] = self._format_element_block_id_list(
            [element_block_id], single=True)
        source = self._get_standard_element_type(
            self._blocks[element_block_id].elem_type)
        if source != "hex8":
            self._error("Incompatible element type.",
                        'We were expecting an element block composed of '
                        '"hex8" element but instead encountered one with '
                        '"%s" elements.' % source)
        if scheme != "hex24tet":
            self._error("Unsupported scheme.",
                        'The scheme "%s" was not recognized.' % scheme)
        self._materialize()
        plan = E.hex24tet_scheme()
        conn = _conn2d(self._blocks[element_block_id])
        expand = kernel("em_expand_scheme")
        if expand is not None:
            # the new connectivity written once, row by row, after the
            # derived nodes are numbered (derived_node_plan's column by
            # column copy and _number_new_nodes' passes were ~40 % of
            # the conversion)
            (distinct,), keys, inv = derived_node_keys([(conn, plan)], False)
            sizes = (keys >= 0).sum(axis=1)
        else:
            (new_conn,), keys, sizes = derived_node_plan([(conn, plan)], False)
        used = np.unique(conn)
        first_copy, first = self._ops_add_nodes(used, keys, sizes)
        copy_of = np.zeros(first_copy, dtype=np.int64)
        copy_of[used] = np.arange(first_copy, first_copy + len(used))
        if expand is not None:
            code = np.array([[e if isinstance(e, int) else
                              -1 - distinct[tuple(e)] for e in elem]
                             for elem in plan], dtype=np.int64)
            new_conn = np.empty((conn.shape[0] * len(plan), code.shape[1]),
                                dtype=np.int64)
            expand(np.ascontiguousarray(conn),
                   inv.reshape(conn.shape[0], len(distinct)),
                   code, copy_of, first, new_conn)
            del inv
        else:
            _number_new_nodes(new_conn, plan, copy_of, first)
        self._ops_replace_elements(element_block_id, "hex8", "tet4", plan,
                                   new_conn)
        doomed = np.zeros(len(self._coords), dtype=bool)
        doomed[used] = True
        self._ops_delete_nodes(doomed & ~self._ops_used_nodes_mask())

    # -- cohesive zones ---------------------------------------------------------
    def convert_side_set_to_cohesive_zone(self, side_set_ids: EntityIds,
                                          new_element_block_id: Optional[int]) -> None:
        """Split the mesh along the internal faces of the side sets and
        join the two sides with a block of cohesive elements (quad4 faces
        give hex8, tri3 wedge6, tri6 wedge12)."""
        ids = self._format_side_set_id_list(side_set_ids)
        if not ids:
            return
        self._materialize()
        members = [tuple(int(v) for v in row) for sid in ids
                   for row in np.asarray(self._side_sets[sid].members)]
        by_block: dict = {}
        for b, e, f in members:
            by_block.setdefault(b, []).append((e, f))
        face_types: set = set()
        for b, items in by_block.items():
            faces = E.FACES[self._get_standard_element_type(
                self._blocks[b].elem_type)]
            face_types.update(faces[f][0] for _, f in items)
        if len(face_types) != 1:
            self._error("Multiple face types",
                        "The side set contains multiple types of faces and "
                        "cannot be converted into a cohesive zone.")
        face_type = face_types.pop()
        if face_type not in E.COHESIVE:
            self._error("Unsupported face type",
                        'The side set chosen has elements of face type "%s".'
                        "  At this time, only the following face types are "
                        "supported:\n* %s" % (face_type, "\n* ".join(
                            sorted(E.COHESIVE))))
        from ._em_sets import face_nodes
        surface = np.unique(face_nodes(self, np.array(members).reshape(-1, 3)))
        partner, orig = self._ops_internal_face_pairs(face_type, surface)
        free = set()
        for b, items in by_block.items():
            for e, f in items:
                other = partner.get((b, e, f))
                if other is None:
                    self._error("Invalid face",
                                "One or more members of the side set are "
                                "external faces which cannot be converted to "
                                "cohesive elements.")
                free.add((b, e, f))
                free.add(other)
        self._ops_split_surface(surface, partner, free, orig)
        self._ops_cohesive_block(new_element_block_id, face_type, free,
                                 partner, orig)

    def _ops_internal_face_pairs(self, face_type, surface):
        """Pairs of faces of type face_type with equal node sets (two per
        key) touching the surface nodes: {member: partner member} and the
        original face nodes of every paired member."""
        on = np.zeros(len(self._coords), dtype=bool)
        on[surface] = True
        rows, keys, nodes = [], [], []
        for bid, blk in self._blocks.items():
            etype = self._get_standard_element_type(blk.elem_type, False)
            conn = _conn2d(blk)
            for fi, (ftype, local) in enumerate(E.FACES.get(etype, ())):
                if ftype != face_type or conn.shape[0] == 0:
                    continue
                fn = conn[:, list(local)]
                touch = np.nonzero(on[fn].any(axis=1))[0]
                if len(touch) == 0:
                    continue
                rows.append(np.column_stack([np.full(len(touch), bid),
                                             touch, np.full(len(touch), fi)]))
                nodes.append(fn[touch])
        if not rows:
            return {}, {}
        rows = np.concatenate(rows)
        nodes = np.concatenate(nodes)
        order, gid, ngroups = _rows_group(sort_rows_small(nodes))
        size = np.bincount(gid, minlength=ngroups)
        two = order[size[gid] == 2].reshape(-1, 2)
        partner, orig = {}, {}
        for a, b in two.tolist():
            ra, rb = tuple(rows[a].tolist()), tuple(rows[b].tolist())
            partner[ra], partner[rb] = rb, ra
            orig[ra], orig[rb] = nodes[a], nodes[b]
        return partner, orig

    def _ops_split_surface(self, surface, partner, free, orig):
        """Give every use of a surface node its own copy, join the copies
        again across the paired faces that are not free, delete the
        original surface nodes."""
        n0 = len(self._coords)
        on = np.zeros(n0, dtype=bool)
        on[surface] = True
        uses = [np.asarray(b.connectivity, np.int64) for b in
                self._blocks.values()]
        count = np.bincount(np.concatenate(uses), minlength=n0) if uses \
            else np.zeros(n0, np.int64)
        copy_of = np.repeat(surface, count[surface])
        base = np.zeros(n0, dtype=np.int64)
        base[surface] = n0 + np.cumsum(count[surface]) - count[surface]
        seq = np.concatenate([u[on[u]] for u in uses])
        order = np.argsort(seq, kind="stable")
        first = np.searchsorted(seq[order], seq[order])
        rank = np.empty(len(seq), dtype=np.int64)
        rank[order] = np.arange(len(seq)) - first
        new_ids = base[seq] + rank
        self._ops_add_nodes(copy_of)
        pos = 0
        for blk, u in zip(self._blocks.values(), uses):
            mask = on[u]
            k = int(mask.sum())
            u = u.copy()
            u[mask] = new_ids[pos:pos + k]
            pos += k
            blk.connectivity = u
        ei, ej = [], []
        for face, other in partner.items():
            if face > other or face in free:
                continue
            fa = self._ops_face_nodes(face)
            fb = self._ops_face_nodes(other)
            oa, ob = orig[face], orig[other]
            for p in range(len(oa)):
                q = np.nonzero(ob == oa[p])[0]
                if len(q) and fa[p] != fb[q[0]]:
                    ei.append(fa[p])
                    ej.append(fb[q[0]])
        from ._em_geometry import connected_groups
        master = connected_groups(len(self._coords), np.array(ei, np.int64),
                                  np.array(ej, np.int64))
        self._ops_merge_groups(master)
        doomed = np.zeros(len(self._coords), dtype=bool)
        doomed[surface] = True
        self._ops_delete_nodes(doomed & ~self._ops_used_nodes_mask())

    def _ops_face_nodes(self, member):
        b, e, f = member
        blk = self._blocks[b]
        etype = self._get_standard_element_type(blk.elem_type, False)
        conn = _conn2d(blk)
        return conn[e, list(E.FACES[etype][f][1])]

    def _ops_cohesive_block(self, block_id, face_type, free, partner, orig):
        """Cohesive elements from the free face pairs (in exomerge's set
        order): the partner face, then the face turned inside out and
        rotated onto it."""
        new_type, formula = E.COHESIVE[face_type]
        inv = list(E.INVERTED[face_type])
        rot = list(E.ROTATED[face_type])
        rows = []
        for face in free:
            other = partner[face]
            if other < face:
                continue
            o_bottom = orig[face][inv]
            turns = 0
            while not np.array_equal(o_bottom, orig[other]) and turns < 8:
                o_bottom = o_bottom[rot]
                turns += 1
            bottom = self._ops_face_nodes(face)[inv]
            for _ in range(turns):
                bottom = bottom[rot]
            both = np.concatenate([self._ops_face_nodes(other), bottom])
            rows.append(both[list(formula)])
        npe = E.NODES_PER_ELEMENT[new_type]
        conn = np.array(rows, dtype=np.int64).reshape(-1, npe)
        self.create_element_block(block_id, [new_type, len(conn), npe, 0],
                                  conn.reshape(-1))
