"""Geometry kernels on numpy arrays: rotation, length scale, close node
pairs by grid hashing (O(n) buckets + O(n log n) sorting, never O(n^2) for
well-separated points) and the closest-pair distance."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Union

import math

import numpy as np

from ._em_types import EntityIds, Timesteps, Vector
from ._em_kernels import kernel
from ._em_metrics import fresh_arange, fresh_empty, fresh_zeros
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


def axis_bounds(coords):
    """(low, high) per axis as two lists of floats.  One strided reduction
    per column: an axis-0 reduction of a C-ordered (n, 3) array is ~10x
    slower in numpy."""
    low = [float(coords[:, d].min()) for d in range(coords.shape[1])]
    high = [float(coords[:, d].max()) for d in range(coords.shape[1])]
    return low, high


def length_scale(coords):
    """exomerge's length scale: the larger of the largest absolute
    coordinate component and the largest coordinate range; 0 if empty."""
    if len(coords) == 0:
        return 0.0
    low, high = axis_bounds(coords)
    relative = max(h - lo for lo, h in zip(low, high))
    absolute = max(max(abs(x) for x in low), max(abs(x) for x in high))
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
    label = fresh_arange(n)
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


# the grid of merge_candidates: its origin is moved by this fraction of a
# cell and its cell size scaled by this factor, so that lattice-like node
# coordinates (multiples of 0.1, 0.025, ...) do not fall on cell faces
_GRID_SHIFT = math.sqrt(2.0) - 1.0
_GRID_SCALE = 2.0 / (1.0 + math.sqrt(5.0)) + 0.5


def merge_candidates(coords, tolerance):
    """Sorted indices of the points that may lie within `tolerance` of
    another point; every other point certainly does not.

    O(n), no sort: the points are binned in cubic cells of about two cells
    per point (a direct-addressed table counted with np.bincount).  Two
    points within the tolerance share a cell, or each lies within the
    tolerance of a cell face; a point is kept when its cell holds another
    point or it is that near a face (with a margin for rounding)."""
    n = len(coords)
    low, high = axis_bounds(coords)
    span = [h - lo for lo, h in zip(low, high)]
    axes = [d for d in range(3) if span[d] > 0]
    if not axes or n < 64:
        return np.arange(n)
    volume = 1.0
    for d in axes:
        volume *= span[d]
    size = (volume / (2.0 * n)) ** (1.0 / len(axes)) * _GRID_SCALE
    size = max(size, 8.0 * tolerance, max(span) * 2.0 ** -40)
    while True:
        dims = [int(span[d] / size + _GRID_SHIFT) + 2 for d in axes]
        cells = 1
        for k in dims:
            cells *= k
        if cells <= 4 * n + 64:
            break
        size *= 1.26
    biggest = max(max(abs(x) for x in low), max(abs(x) for x in high))
    margin = max(2.0 * tolerance / size, 1e-9,
                 16.0 * np.finfo(np.float64).eps * biggest / size)
    if margin >= 0.25:
        return np.arange(n)
    candidates = kernel("em_merge_candidates")
    if candidates is not None:
        # the same cells and tests in C: an occupancy byte per cell, no
        # per-point temporaries; only the candidates' pages are written
        out = np.empty(n, dtype=np.int64)
        count = candidates(
            np.ascontiguousarray(coords, dtype=np.float64),
            np.array(axes, dtype=np.int64),
            np.array([low[d] for d in axes], dtype=np.float64),
            np.array(dims, dtype=np.int64), 1.0 / size, _GRID_SHIFT,
            float(0.5 - margin), out)
        return out[:count]
    # two float buffers and the key, reused across the axes (each fresh
    # array of n values costs its page faults again)
    key = fresh_zeros(n, np.int64)
    u, q = fresh_empty(n), fresh_empty(n)
    near = np.zeros(n, dtype=bool)
    for d, width in zip(axes, dims):
        np.subtract(coords[:, d], low[d], out=u)
        u *= 1.0 / size
        u += _GRID_SHIFT
        np.floor(u, out=q)
        u -= q
        u -= 0.5
        np.abs(u, out=u)
        near |= u > 0.5 - margin
        key *= width
        # the cell index q is an integer below 2^53: exact through float
        np.add(key, q, out=key, casting="unsafe")
    # a point whose cell holds another point: every point writes its index
    # into its cell (one of each cell's writers wins), the others of that
    # cell differ from the winner; then the cells with such points are
    # marked -1 (a 4-cells-per-point np.bincount was a fresh array of
    # 32 bytes per point: most of the search's page faults)
    index = fresh_arange(n)
    table = fresh_empty(cells, np.int64)
    table[key] = index
    other = table[key] != index
    table[key[other]] = -1
    near |= table[key] < 0
    return np.nonzero(near)[0]


def sweep_pairs(coords, tolerance, limit):
    """All pairs (i, j), i < j, within tolerance, by exomerge's sweep: the
    points sorted by their projection on a fixed direction, each compared
    with its followers while the projections differ by at most the
    tolerance.  Vectorised per lag over the positions still in range (a
    shrinking set).  None when more than `limit` pairs would be compared
    (points crowded along the direction)."""
    m = len(coords)
    if m < 2:
        return _finish_pairs(coords, [], [], tolerance)
    direction = np.array([math.pi, 2.0, 0.5 * math.sqrt(2.0)])
    direction /= np.sqrt(direction @ direction)
    proj = coords @ direction
    order = np.argsort(proj, kind="stable")
    sp = proj[order]
    active = np.nonzero(sp[1:] - sp[:-1] <= tolerance)[0]
    out_i, out_j = [], []
    lag, compared = 1, 0
    while len(active):
        compared += len(active)
        if compared > limit:
            return None
        out_i.append(order[active])
        out_j.append(order[active + lag])
        lag += 1
        active = active[active < m - lag]
        active = active[sp[active + lag] - sp[active] <= tolerance]
    return _finish_pairs(coords, out_i, out_j, tolerance)


def merge_pairs(coords, tolerance):
    """The pairs of close_pairs(coords, tolerance), found for merging: the
    few candidates of merge_candidates are swept (one sort of them);
    crowded candidates go to the grid search instead."""
    coords = np.ascontiguousarray(coords, dtype=np.float64).reshape(-1, 3)
    tolerance = float(tolerance)
    if len(coords) < 2 or tolerance < 0 or math.isnan(tolerance):
        return close_pairs(coords[:0], 0.0)
    cand = merge_candidates(coords, tolerance)
    sub = coords[cand]
    found = sweep_pairs(sub, tolerance, 16 * len(sub) + 1024)
    if found is None:
        found = close_pairs(sub, tolerance)
    i, j, dist = found
    return cand[i], cand[j], dist


def merge_masters(n, i, j):
    """connected_groups(n, i, j) computed on the vertices the edges touch
    only (the rest are their own masters); the extension's em_merge_masters
    does it in one union-find pass (ufunc.at and the unique/searchsorted
    of the touched vertices were most of the numpy path's time)."""
    masters = kernel("em_merge_masters")
    if masters is not None:
        label = fresh_empty(n, np.int64)
        masters(np.ascontiguousarray(i, dtype=np.int64),
                np.ascontiguousarray(j, dtype=np.int64), label)
        return label
    label = fresh_arange(n)
    if len(i) == 0:
        return label
    touched = np.unique(np.concatenate([i, j]))
    local = connected_groups(len(touched), np.searchsorted(touched, i),
                             np.searchsorted(touched, j))
    label[touched] = touched[local]
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


# ---------------------------------------------------------------------------
# methods of exoslab.exomerge.ExodusModel
# ---------------------------------------------------------------------------
def _is_displacement_prefix(name):
    default = "displacement"
    return len(name) >= 3 and name.lower() == default[:len(name)]


class GeometryMixin:
    """Geometry operations of exomerge's ExodusModel, on self._coords."""

    if TYPE_CHECKING:       # the rest of ExodusModel, for the type checker
        def __getattr__(self, name: str) -> Any: ...

    # -- helpers ------------------------------------------------------------
    def _ops_displacement_prefix(self):
        prefix = "disp"
        for name in self._node_fields:
            if len(name) >= 3 and name[-2] == "_" and \
                    _is_displacement_prefix(name[:-2]):
                prefix = name[:-2]
        return prefix

    def _ops_displacement_arrays(self):
        """The three displacement component arrays (steps, nodes), created
        (default 0.0) if missing."""
        self.create_displacement_field()
        prefix = self._ops_displacement_prefix()
        return [self._node_fields[prefix + "_" + c] for c in "xyz"]

    def _ops_set_coords(self, coords):
        self._coords = np.ascontiguousarray(coords, dtype=np.float64)
        self._invalidate()

    def _ops_block_nodes(self, element_block_ids):
        """Sorted unique node indices used by the given (formatted) ids."""
        parts = [np.asarray(self._blocks[i].connectivity, dtype=np.int64)
                 for i in element_block_ids]
        if not parts:
            return np.zeros(0, dtype=np.int64)
        return np.unique(np.concatenate(parts))

    def _ensure_no_shared_nodes(self, element_block_ids):
        element_block_ids = self._format_element_block_id_list(
            element_block_ids)
        mine = self._ops_block_nodes(element_block_ids)
        others = [i for i in self._blocks if i not in set(element_block_ids)]
        shared = np.intersect1d(mine, self._ops_block_nodes(others))
        if len(shared):
            shown = ", ".join(str(int(x)) for x in shared[:20])
            if len(shared) > 20:
                shown += ", ..."
            self._error(
                "Unable to operate on merged nodes.",
                "You are attempting to operate on some element blocks "
                "while keeping others unaffected.  Because some nodes "
                "are shared between the two groups, this cannot be "
                "done.  Use unmerge_element_blocks() to unmerge the "
                "blocks if that is desired.\n\nThere are %d shared "
                "nodes: %s" % (len(shared), shown))

    def _ops_rotate(self, axis, angle_in_degrees, nodes, adjust):
        self._materialize()
        if adjust == "auto":
            adjust = self.displacement_field_exists()
        r = rotation_matrix(axis, angle_in_degrees)
        coords = self._coords.copy()
        sel = slice(None) if nodes is None else nodes
        coords[sel] = apply_rotation(r, coords[sel])
        self._ops_set_coords(coords)
        if adjust:
            dx, dy, dz = self._ops_displacement_arrays()
            for step in range(dx.shape[0]):
                d = np.column_stack([dx[step, sel], dy[step, sel],
                                     dz[step, sel]])
                d = apply_rotation(r, d)
                dx[step, sel], dy[step, sel], dz[step, sel] = d.T

    def _ops_scale(self, factor, nodes, adjust):
        self._materialize()
        factor = float(factor)
        if adjust == "auto":
            adjust = self.displacement_field_exists()
        sel = slice(None) if nodes is None else nodes
        coords = self._coords.copy()
        coords[sel] *= factor
        self._ops_set_coords(coords)
        if adjust:
            for values in self._ops_displacement_arrays():
                values[:, sel] *= factor

    # -- whole model ----------------------------------------------------------
    def translate_geometry(self, offset: Vector) -> None:
        """Translate the model by the given offset.

        >>> model.translate_geometry([1, 2, 3])
        """
        self._materialize()
        offset = [float(x) for x in offset]
        coords = self._coords
        if not (coords.flags.writeable and coords.flags.c_contiguous and
                coords.dtype == np.float64):
            coords = np.array(coords, dtype=np.float64)
        # in place, one column at a time: exomerge rebuilds its node list,
        # but nothing keeps the old coordinates, and a broadcast add over
        # rows of three is several times slower than three column adds
        for d in range(3):
            coords[:, d] += offset[d]
        self._ops_set_coords(coords)

    def scale_geometry(self, scale_factor: float,
                       adjust_displacement_field: Union[bool, str] = "auto") -> None:
        """Scale the model (and, if it exists, the displacement field).

        >>> model.scale_geometry(0.0254)
        """
        self._ops_scale(scale_factor, None, adjust_displacement_field)

    def rotate_geometry(self, axis: Vector, angle_in_degrees: float,
                        adjust_displacement_field: Union[bool, str] = "auto") -> None:
        """Rotate the model about an axis through the origin.

        >>> model.rotate_geometry([1, 0, 0], 90)
        """
        self._ops_rotate(axis, angle_in_degrees, None,
                         adjust_displacement_field)

    def get_length_scale(self) -> float:
        """The larger of the largest absolute coordinate and the largest
        coordinate range."""
        self._materialize()
        return length_scale(self._coords)

    def get_closest_node_distance(self) -> float:
        """Distance between the two closest nodes (grid hashing,
        O(n log n))."""
        self._materialize()
        return closest_distance(self._coords)

    def displacement_field_exists(self) -> bool:
        """True if the three displacement components exist."""
        prefix = self._ops_displacement_prefix()
        return all(self.node_field_exists(prefix + "_" + c) for c in "xyz")

    def create_displacement_field(self) -> None:
        """Create the displacement field components that are missing."""
        prefix = self._ops_displacement_prefix()
        for c in "xyz":
            if not self.node_field_exists(prefix + "_" + c):
                self.create_node_field(prefix + "_" + c)

    # -- some blocks ------------------------------------------------------------
    def _ops_affected(self, element_block_ids, check_for_merged_nodes):
        self._materialize()
        ids = self._format_element_block_id_list(element_block_ids)
        if check_for_merged_nodes:
            self._ensure_no_shared_nodes(ids)
        return ids, self._ops_block_nodes(ids)

    def translate_element_blocks(self, element_block_ids: EntityIds, offset: Vector,
                                 check_for_merged_nodes: bool = True) -> None:
        """Translate the nodes of the given element blocks."""
        _, nodes = self._ops_affected(element_block_ids,
                                      check_for_merged_nodes)
        coords = self._coords.copy()
        coords[nodes] += np.array([float(x) for x in offset])
        self._ops_set_coords(coords)

    def scale_element_blocks(self, element_block_ids: EntityIds, scale_factor: float,
                             check_for_merged_nodes: bool = True,
                             adjust_displacement_field: Union[bool, str] = "auto") -> None:
        """Scale the nodes of the given element blocks."""
        _, nodes = self._ops_affected(element_block_ids,
                                      check_for_merged_nodes)
        self._ops_scale(scale_factor, nodes, adjust_displacement_field)

    def rotate_element_blocks(self, element_block_ids: EntityIds, axis: Vector,
                              angle_in_degrees: float, check_for_merged_nodes: bool = True,
                              adjust_displacement_field: Union[bool, str] = "auto") -> None:
        """Rotate the nodes of the given element blocks."""
        _, nodes = self._ops_affected(element_block_ids,
                                      check_for_merged_nodes)
        self._ops_rotate(axis, angle_in_degrees, nodes,
                         adjust_displacement_field)

    def reflect_element_blocks(self, element_block_ids: EntityIds, point: Vector, normal: Vector,
                               check_for_merged_nodes: bool = True,
                               adjust_displacement_field: Union[bool, str] = "auto") -> None:
        """Reflect the given blocks about a plane and uninvert them."""
        ids, nodes = self._ops_affected(element_block_ids,
                                        check_for_merged_nodes)
        if adjust_displacement_field == "auto":
            adjust_displacement_field = self.displacement_field_exists()
        point = np.array([float(x) for x in point])  # type: ignore[assignment]
        normal = np.array([float(x) for x in normal])  # type: ignore[assignment]
        normal = normal / math.sqrt(float(normal @ normal))  # type: ignore[assignment, operator]
        coords = self._coords.copy()
        p = coords[nodes]
        dist = ((p - point) * normal).sum(axis=1)
        coords[nodes] = p - 2.0 * dist[:, None] * normal
        self._ops_set_coords(coords)
        if adjust_displacement_field:
            dx, dy, dz = self._ops_displacement_arrays()
            for step in range(dx.shape[0]):
                d = np.column_stack([dx[step, nodes], dy[step, nodes],
                                     dz[step, nodes]])
                dd = (d * normal).sum(axis=1)
                d = d - 2.0 * dd[:, None] * normal
                dx[step, nodes], dy[step, nodes], dz[step, nodes] = d.T
        self._ops_invert_blocks(ids)

    def _ops_invert_blocks(self, ids):
        from . import _em_elements as E
        for i in ids:
            blk = self._blocks[i]
            etype = E.standard_type(blk.elem_type)
            if etype not in E.INVERTED:
                continue
            conn = np.asarray(blk.connectivity).reshape(
                -1, blk.nodes_per_element)
            blk.connectivity = np.ascontiguousarray(
                conn[:, list(E.INVERTED[etype])]).reshape(-1)
        self._invalidate()

    def displace_element_blocks(self, element_block_ids: EntityIds, offset: Vector,
                                timesteps: Timesteps = "all",
                                check_for_merged_nodes: bool = True) -> None:
        """Add an offset to the displacement field on the given blocks."""
        ids = self._format_element_block_id_list(element_block_ids)
        timesteps = self._format_id_list(timesteps, self.get_timesteps(),
                                         "timestep")
        if check_for_merged_nodes:
            self._ensure_no_shared_nodes(ids)
        self._materialize()
        offset = [float(x) for x in offset]
        if len(self._timesteps) == 0:
            self._error(
                "No timesteps defined",
                "A displacement field cannot exist if no timesteps are "
                "defined.  To avoid this error, create a timestep before "
                "calling this function.")
        arrays = self._ops_displacement_arrays()
        nodes = self._ops_block_nodes(ids)
        steps = [self._get_internal_timestep_index(t) for t in timesteps]  # type: ignore[union-attr]
        for d in range(3):
            for s in steps:
                arrays[d][s, nodes] += offset[d]
