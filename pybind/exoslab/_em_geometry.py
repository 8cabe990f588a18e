"""Geometry kernels on numpy arrays: rotation, length scale, close node
pairs by grid hashing (O(n) buckets + O(n log n) sorting, never O(n^2) for
well-separated points) and the closest-pair distance."""

import math

import numpy as np

# the 13 neighbour cells that, with the cell itself, cover every pair of
# adjacent cells once
_HALF_OFFSETS = [(dx, dy, dz) for dx in (-1, 0, 1) for dy in (-1, 0, 1)
                 for dz in (-1, 0, 1) if (dx, dy, dz) > (0, 0, 0)]


def rotation_matrix(axis, angle_in_degrees):
    """3x3 matrix rotating by the angle about the axis through the origin
    (right-hand rule); multiples of 90 degrees get exact 0/+-1 sin/cos."""
    axis = np.asarray(axis, dtype=np.float64).reshape(3)
    norm = math.sqrt(float(axis @ axis))
    if norm == 0.0:
        raise ValueError("rotation axis has zero length")
    ux, uy, uz = axis / norm
    theta = float(angle_in_degrees) * math.pi / 180.0
    c, s = math.cos(theta), math.sin(theta)
    if float(angle_in_degrees) % 90 == 0:
        c, s = math.floor(c + 0.5), math.floor(s + 0.5)
    t = 1.0 - c
    return np.array([
        [c + ux * ux * t, ux * uy * t - uz * s, ux * uz * t + uy * s],
        [uy * ux * t + uz * s, c + uy * uy * t, uy * uz * t - ux * s],
        [uz * ux * t - uy * s, uz * uy * t + ux * s, c + uz * uz * t]])


def apply_rotation(matrix, points):
    """points (n, 3) rotated: each row r -> matrix @ r, written with the
    same sum order as a hand-written row product."""
    p = np.asarray(points, dtype=np.float64)
    m = matrix
    return np.column_stack([m[i, 0] * p[:, 0] + m[i, 1] * p[:, 1]
                            + m[i, 2] * p[:, 2] for i in range(3)])


def length_scale(coords):
    """exomerge's length scale: the larger of the largest absolute
    coordinate component and the largest coordinate range; 0 if empty."""
    if len(coords) == 0:
        return 0.0
    low = coords.min(axis=0)
    high = coords.max(axis=0)
    relative = float((high - low).max())
    absolute = float(max(np.abs(low).max(), np.abs(high).max()))
    return max(relative, absolute)


def _dimension_ranks(cells):
    """For one integer column: rank of each value among the unique values,
    and for offsets -1, 0, +1 the rank of (value + offset) or -1."""
    uniq, rank = np.unique(cells, return_inverse=True)
    neigh = {}
    for d in (-1, 0, 1):
        target = uniq + d
        pos = np.searchsorted(uniq, target)
        pos_c = np.minimum(pos, len(uniq) - 1)
        ok = uniq[pos_c] == target
        neigh[d] = np.where(ok, pos_c, -1)
    return rank.reshape(-1), len(uniq), neigh


def _cell_columns(coords, size):
    """Integer cell coordinates of each point for cubic cells of `size`,
    coarsened until they fit int64 arithmetic."""
    low = coords.min(axis=0)
    span = float((coords.max(axis=0) - low).max())
    while span / size > 2.0 ** 52:
        size *= 2.0
    return np.floor((coords - low) / size).astype(np.int64)


def close_pairs(coords, tolerance):
    """All pairs (i, j), i < j, of points no farther apart than tolerance.

    Returns (i, j, distance) arrays.  A tolerance of 0 finds exactly
    coincident points.  Points are bucketed in cubes of side `tolerance`;
    only points in the same or a neighbouring cube are compared."""
    coords = np.ascontiguousarray(coords, dtype=np.float64).reshape(-1, 3)
    n = len(coords)
    empty = (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))
    if n < 2:
        return empty
    tolerance = float(tolerance)
    if tolerance < 0 or math.isnan(tolerance):
        return empty
    if tolerance == 0.0:
        return _coincident_pairs(coords)
    cells = _cell_columns(coords, tolerance)
    ranks, sizes, neigh = zip(*[_dimension_ranks(cells[:, k])
                                for k in range(3)])
    ranks = list(ranks)
    sizes = [int(s) for s in sizes]
    # ranks < n each, so the packed key < n**3; beyond 2**62 coarsen
    if sizes[0] * sizes[1] * sizes[2] >= 2 ** 62:
        return close_pairs_sweep(coords, tolerance)
    key = (ranks[0] * sizes[1] + ranks[1]) * sizes[2] + ranks[2]
    order = np.argsort(key, kind="stable")
    skey = key[order]
    ukey, start, count = np.unique(skey, return_index=True,
                                   return_counts=True)
    # per occupied cell: its rank triple (from its first point)
    first = order[start]
    cr = [ranks[k][first] for k in range(3)]
    out_i, out_j = [], []
    # pairs inside one cell
    multi = np.nonzero(count > 1)[0]
    if len(multi):
        a, b = _expand_within(start[multi], count[multi])
        out_i.append(order[a])
        out_j.append(order[b])
    for dx, dy, dz in _HALF_OFFSETS:
        rx = neigh[0][dx][cr[0]]
        ry = neigh[1][dy][cr[1]]
        rz = neigh[2][dz][cr[2]]
        ok = (rx >= 0) & (ry >= 0) & (rz >= 0)
        if not ok.any():
            continue
        src = np.nonzero(ok)[0]
        nkey = (rx[src] * sizes[1] + ry[src]) * sizes[2] + rz[src]
        pos = np.searchsorted(ukey, nkey)
        pos_c = np.minimum(pos, len(ukey) - 1)
        hit = ukey[pos_c] == nkey
        src, dst = src[hit], pos_c[hit]
        if len(src) == 0:
            continue
        a, b = _expand_cross(start[src], count[src], start[dst], count[dst])
        out_i.append(order[a])
        out_j.append(order[b])
    return _finish_pairs(coords, out_i, out_j, tolerance)


def _expand_within(starts, counts):
    """All position pairs (p, q), p < q, inside runs [start, start+count)."""
    a_parts, b_parts = [], []
    for c in np.unique(counts):
        s = starts[counts == c]
        p, q = np.triu_indices(int(c), k=1)
        a_parts.append((s[:, None] + p[None, :]).ravel())
        b_parts.append((s[:, None] + q[None, :]).ravel())
    return np.concatenate(a_parts), np.concatenate(b_parts)


def _expand_cross(s1, c1, s2, c2):
    """All position pairs between run (s1, c1) and run (s2, c2), per row."""
    total = c1 * c2
    row = np.repeat(np.arange(len(s1)), total)
    offs = np.arange(int(total.sum())) - np.repeat(np.cumsum(total) - total,
                                                   total)
    a = s1[row] + offs // c2[row]
    b = s2[row] + offs % c2[row]
    return a, b


def _finish_pairs(coords, out_i, out_j, tolerance):
    if not out_i:
        return (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))
    i = np.concatenate(out_i)
    j = np.concatenate(out_j)
    d = coords[i] - coords[j]
    dist = np.sqrt(d[:, 0] ** 2 + d[:, 1] ** 2 + d[:, 2] ** 2)
    keep = dist <= tolerance
    i, j, dist = i[keep], j[keep], dist[keep]
    lo = np.minimum(i, j)
    hi = np.maximum(i, j)
    return lo, hi, dist


def _coincident_pairs(coords):
    """Pairs of bit-identical points (as rows): each joined to the first
    (lowest index) point of its group."""
    order = np.lexsort((coords[:, 2], coords[:, 1], coords[:, 0]))
    s = coords[order]
    same = np.all(s[1:] == s[:-1], axis=1)
    if not same.any():
        return (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))
    group = np.concatenate([[0], np.cumsum(~same)])
    # the smallest original index in each group is its representative
    rep = np.full(group[-1] + 1, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(rep, group, order)
    members = order
    masters = rep[group]
    sel = members != masters
    return masters[sel], members[sel], np.zeros(int(sel.sum()))


def close_pairs_sweep(coords, tolerance):
    """Fallback for huge coordinate ranges: sort along a fixed direction
    and compare each point with its followers while their projections
    differ by at most tolerance (vectorised over the whole list per lag)."""
    direction = np.array([math.pi, 2.0, 0.5 * math.sqrt(2.0)])
    direction /= np.sqrt(direction @ direction)
    proj = coords @ direction
    order = np.argsort(proj, kind="stable")
    sp = proj[order]
    out_i, out_j = [], []
    lag = 1
    n = len(coords)
    while lag < n:
        near = (sp[lag:] - sp[:-lag]) <= tolerance
        if not near.any():
            break
        idx = np.nonzero(near)[0]
        out_i.append(order[idx])
        out_j.append(order[idx + lag])
        lag += 1
    return _finish_pairs(coords, out_i, out_j, tolerance)


def connected_groups(n, i, j):
    """Connected components of the graph with edges (i, j) on n vertices:
    for each vertex the smallest vertex index of its component."""
    label = np.arange(n, dtype=np.int64)
    if len(i) == 0:
        return label
    while True:
        li, lj = label[i], label[j]
        low = np.minimum(li, lj)
        before = label.copy()
        np.minimum.at(label, i, low)
        np.minimum.at(label, j, low)
        # pointer jumping until every label is a root
        while True:
            jumped = label[label]
            if np.array_equal(jumped, label):
                break
            label = jumped
        if np.array_equal(label, before):
            return label


def closest_distance(coords):
    """Distance between the two closest points (inf-free: the largest float
    for fewer than two points, as exomerge returns)."""
    coords = np.ascontiguousarray(coords, dtype=np.float64).reshape(-1, 3)
    n = len(coords)
    if n < 2:
        return float(np.finfo(np.float64).max)
    if len(_coincident_pairs(coords)[0]):
        return 0.0
    # grid-hash with a cell near the mean spacing; every pair within the
    # cell size is found, so the first non-empty answer is the minimum
    span = coords.max(axis=0) - coords.min(axis=0)
    active = span[span > 0]
    size = float(active.max()) / n ** (1.0 / len(active))
    while True:
        _, _, dist = close_pairs(coords, size)
        if len(dist):
            return float(dist.min())
        size *= 2.0
