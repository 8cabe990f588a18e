"""Metric kernels on numpy arrays: element volumes (areas, lengths),
centroids, edge lengths, extents.  Each works on a whole block at once:
``coords`` (n, 3) float64 and ``conn`` (elements, nodes_per_element)
0-based node indices."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional, Sequence

import numpy as np

from ._em_types import EntityId, EntityIds
from . import _em_elements as E
from ._em_kernels import kernel


#: elements per slab of the metric kernels: the temporaries of one slab
#: (a few hundred KiB) stay in cache and are reused from slab to slab
#: instead of being allocated (and page-faulted) at full size
SLAB = 2048

#: transparent huge page size (x86-64 and most aarch64 kernels)
HUGE_PAGE = 2 << 20
#: results of at least this many bytes (and under numpy's own 4 MiB
#: huge-page threshold) are placed on huge pages by fresh_empty
HUGE_MIN = 512 << 10


def fresh_empty(shape, dtype=np.float64):
    """An uninitialised array for an operation's result, on transparent
    huge pages where it helps.

    numpy advises huge pages (madvise) for allocations of 4 MiB and more;
    below that every 4 KiB page is faulted in on its first touch, and on
    a VM a first touch costs ~20 us per page (a 1.7 MiB node field: ~7 ms
    of faults, against ~0.5 ms on two huge pages).  So a result of
    HUGE_MIN..4 MiB is cut, 2 MiB aligned, from a buffer of over 4 MiB
    (only the pages it touches are resident: at most one huge page more
    than its size).  Larger and smaller results are plain np.empty."""
    dt = np.dtype(dtype)
    nbytes = int(np.prod(shape, dtype=np.int64)) * dt.itemsize
    if nbytes < HUGE_MIN or nbytes >= (4 << 20):
        return np.empty(shape, dtype=dt)
    need = -(-nbytes // HUGE_PAGE) * HUGE_PAGE
    raw = np.empty(max(need, 4 << 20) + HUGE_PAGE, dtype=np.uint8)
    off = (-raw.ctypes.data) % HUGE_PAGE
    return raw[off:off + nbytes].view(dt).reshape(shape)


def fresh_arange(n):
    """np.arange(n) (int64) in a fresh_empty array."""
    out = fresh_empty(n, np.int64)
    if n:
        out[0] = 0
        out[1:] = 1
        np.cumsum(out, out=out)
    return out


def fresh_zeros(shape, dtype=np.float64):
    """fresh_empty filled with zeros (np.zeros' calloc maps small pages,
    each faulted in when first written)."""
    out = fresh_empty(shape, dtype)
    out.fill(0)
    return out


def _group_mean(points, local_nodes, out):
    """Average position of the given local nodes, per element, into out
    (m, 3), from points (nodes_per_element, m, 3); summed left to right
    and divided once, as exomerge's generated formula does."""
    if len(local_nodes) == 1:
        out[...] = points[local_nodes[0]]
        return out
    np.add(points[local_nodes[0]], points[local_nodes[1]], out=out)
    for k in local_nodes[2:]:
        out += points[k]
    out /= float(len(local_nodes))
    return out


def _rule_value(v, out):
    """exomerge's formula on the rule's vectors v (each (m, 3)): length,
    parallelogram area or triple product, written in its operand order."""
    x = [c[:, d] for c in v for d in range(3)]
    if len(v) == 1:
        np.sqrt(x[0] * x[0] + x[1] * x[1] + x[2] * x[2], out=out)
    elif len(v) == 2:
        a = x[0] * x[4] - x[1] * x[3]
        b = x[2] * x[3] - x[0] * x[5]
        c = x[1] * x[5] - x[2] * x[4]
        np.sqrt(a * a + b * b + c * c, out=out)
    else:
        t = x[1] * x[5]
        t -= x[2] * x[4]
        t *= x[6]
        u = x[2] * x[3]
        u -= x[0] * x[5]
        u *= x[7]
        t += u
        u = x[0] * x[4]
        u -= x[1] * x[3]
        u *= x[8]
        np.add(t, u, out=out)
    return out


def _rule_array(vectors):
    """A volume rule's vectors as the C kernel takes them: int64
    (vectors, 2, 4), each group's local nodes padded with -1."""
    rule = np.full((len(vectors), 2, 4), -1, dtype=np.int64)
    for k, groups in enumerate(vectors):
        for s, group in enumerate(groups):
            rule[k, s, :len(group)] = group
    return rule


#: VOLUME_RULES' vectors in the C kernel's form, per element type
RULE_ARRAYS = {t: _rule_array(v) for t, (_, v) in E.VOLUME_RULES.items()}


def element_volumes(coords, conn, element_type, out=None):
    """exomerge's approximate volume of each element (area for 2-D types,
    length for 1-D): the length of one vector, the area of the
    parallelogram of two (times the type's factor), or the triple product
    of three (times the factor; signed, negative for inverted elements),
    each vector joining the averages of two node groups.  None when the
    type has no volume rule.  Computed by the extension's em_volumes
    kernel where it has one (the same operations, bit for bit), else in
    numpy slabs of SLAB elements; into `out` if given."""
    rule = E.VOLUME_RULES.get(element_type)
    if rule is None:
        return None
    factor, vectors = rule
    conn = np.asarray(conn).reshape(len(conn), -1)
    ne = len(conn)
    result = np.empty(ne) if out is None else out
    volumes = kernel("em_volumes")
    if volumes is not None:
        # the C loop: the same operations per element, no temporaries
        direct = result.dtype == np.float64 and result.flags.c_contiguous \
            and result.flags.writeable and result.ndim == 1
        target = result if direct else np.empty(ne)
        volumes(np.ascontiguousarray(coords, dtype=np.float64),
                np.ascontiguousarray(conn, dtype=np.int64),
                RULE_ARRAYS[element_type], float(factor), target)
        if not direct:
            result[...] = target
        return result
    used = sorted({k for a, b in vectors for k in a + b})
    where = {k: i for i, k in enumerate(used)}
    groups = [([where[k] for k in a], [where[k] for k in b])
              for a, b in vectors]
    coords = np.ascontiguousarray(coords, dtype=np.float64)
    whole = used == list(range(conn.shape[1]))
    # one set of slab buffers, reused (a fresh slab of points each time
    # cost its page faults whenever glibc had handed the last one back)
    slab = min(ne, SLAB)
    point_buf = np.empty((len(used), slab, 3))
    mean_buf = np.empty((len(groups), 2, slab, 3))
    for s in range(0, ne, SLAB):
        e = min(ne, s + SLAB)
        idx = conn[s:e].T if whole else conn[s:e, used].T
        points = point_buf[:, :e - s]
        # mode="clip" takes no buffered copy; the bounds are checked here
        # so that a bad index is an error, never a clamped node
        _check_nodes(idx, len(coords))
        np.take(coords, idx, axis=0, out=points, mode="clip")
        v = []
        for g, (a, b) in enumerate(groups):
            first = _group_mean(points, b, mean_buf[g, 0, :e - s])
            first -= _group_mean(points, a, mean_buf[g, 1, :e - s])
            v.append(first)
        _rule_value(v, result[s:e])
    if factor != 1.0:
        result *= factor
    return result


def _check_nodes(idx, num_nodes):
    """Refuse node indices outside 0..num_nodes-1 (np.take's "clip" mode
    would clamp them silently)."""
    if idx.size and (idx.min() < 0 or idx.max() >= num_nodes):
        raise ValueError(f"connectivity names a node outside 0..{num_nodes - 1}")


def element_centroids(coords, conn):
    """Nodal average of each element: (elements, 3)."""
    conn = np.asarray(conn)
    if conn.shape[0] == 0:
        return np.zeros((0, 3))
    return coords[conn].mean(axis=1)


def edge_lengths(coords, conn, element_type):
    """Lengths of every element edge (each element's edges counted once
    per element): a flat array."""
    pairs = E.edges(element_type)
    if len(pairs) == 0 or len(conn) == 0:
        return np.zeros(0)
    a = coords[conn[:, pairs[:, 0]]]
    b = coords[conn[:, pairs[:, 1]]]
    d = b - a
    return np.sqrt(d[..., 0] ** 2 + d[..., 1] ** 2 + d[..., 2] ** 2).ravel()


def extents(coords, node_indices):
    """[[min_x, max_x], [min_y, max_y], [min_z, max_z]] of the nodes."""
    pts = coords[np.asarray(node_indices, dtype=np.int64)]
    return [[float(pts[:, d].min()), float(pts[:, d].max())]
            for d in range(3)]


# ---------------------------------------------------------------------------
# methods of exoslab.exomerge.ExodusModel
# ---------------------------------------------------------------------------
def block_conn(blk):
    """A block's connectivity as an (elements, nodes_per_element) array."""
    npe = int(blk.nodes_per_element)
    conn = np.asarray(blk.connectivity, dtype=np.int64)
    return conn.reshape(-1, npe) if npe else conn.reshape(0, 0)


class MetricsMixin:
    """Volumes, centroids, extents and mesh-quality counts."""

    if TYPE_CHECKING:       # the rest of ExodusModel, for the type checker
        def __getattr__(self, name: str) -> Any: ...

    def _ops_std_type(self, element_block_id, warning=True):
        return self._get_standard_element_type(
            self._blocks[element_block_id].elem_type, warning)

    def _ops_ensure_timestep(self):
        if len(self._timesteps) == 0:
            self.create_timestep(0.0)

    def _ops_put_element_field(self, block_id, name, per_element):
        """Store one per-element array as the value at every timestep."""
        steps = len(self._timesteps)
        values = np.empty((steps, len(per_element)))
        values[...] = per_element
        self._blocks[block_id].fields[name] = values

    def calculate_element_volumes(self, element_field_name: str = "volume",
                                  element_block_ids: EntityIds = "all") -> None:
        """Store each element's approximate volume (area in 2-D, length in
        1-D) as an element field; creates timestep 0.0 if none exist."""
        ids = self._format_element_block_id_list(element_block_ids)
        self._materialize()
        self._ops_ensure_timestep()
        for block_id in ids:
            etype = self._ops_std_type(block_id)
            if not self._ops_has_volume_rule(etype):
                continue
            if self.element_field_exists(element_field_name, block_id):
                self._exists_on_entity_warning(
                    element_field_name, "element field", block_id,
                    "element block")
            conn = block_conn(self._blocks[block_id])
            # the volumes go straight into the field's first step
            values = fresh_empty((len(self._timesteps), len(conn)))
            if len(values):
                element_volumes(self._coords, conn, etype, values[0])
                values[1:] = values[0]
            self._blocks[block_id].fields[element_field_name] = values

    def calculate_element_centroids(self, element_field_name_prefix: str = "centroid_",
                                    element_block_ids: EntityIds = "all") -> None:
        """Store each element's nodal-average centroid in three element
        fields (prefix + x/y/z, or three given names)."""
        ids = self._format_element_block_id_list(element_block_ids)
        self._materialize()
        self._ops_ensure_timestep()
        if isinstance(element_field_name_prefix, str):
            names = [element_field_name_prefix + c for c in "xyz"]
        else:
            names = list(element_field_name_prefix)
        for block_id in ids:
            for name in names:
                if self.element_field_exists(name, block_id):
                    self._exists_on_entity_warning(
                        name, "element field", block_id, "element block")
            cen = element_centroids(self._coords,
                                    block_conn(self._blocks[block_id]))
            for d, name in enumerate(names):
                self._ops_put_element_field(block_id, name, cen[:, d])

    def _ops_has_volume_rule(self, etype):
        """True if exomerge knows etype's volume; else warn as it does."""
        if etype in E.VOLUME_RULES:
            return True
        self._warning(
            "Unrecognized element type",
            "The formula for calculating the volume of element type "
            '"%s" is not implemented or not known.  This block will '
            "be skipped." % etype)
        return False

    def _ops_volumes(self, ids):
        """{block id: per-element volumes} for blocks with a volume rule."""
        self._materialize()
        out = {}
        for block_id in ids:
            etype = self._ops_std_type(block_id)
            if not self._ops_has_volume_rule(etype):
                continue
            out[block_id] = element_volumes(
                self._coords, block_conn(self._blocks[block_id]), etype)
        return out

    def get_element_block_volume(self, element_block_ids: EntityIds,
                                 element_volume_field_name: Optional[str] = None) -> float:
        """Total volume of the given element blocks."""
        ids = self._format_element_block_id_list(element_block_ids)
        if element_volume_field_name is None:
            return float(sum(float(v.sum()) for v in
                             self._ops_volumes(ids).values()))
        self._materialize()
        return float(sum(float(np.sum(self._blocks[i].fields[
            element_volume_field_name][0])) for i in ids))

    def get_element_block_centroid(self, element_block_ids: EntityIds,
                                   element_volume_field_name: Optional[str] = None,
                                   element_centroid_field_names: Optional[Sequence[str]] = None) -> list:
        """Volume-weighted centroid [x, y, z] of the given element blocks
        (NaNs when the total volume is 0)."""
        ids = self._format_element_block_id_list(element_block_ids)
        self._materialize()
        if element_volume_field_name is None:
            vols = self._ops_volumes(ids)
        else:
            vols = {i: np.asarray(self._blocks[i].fields[
                element_volume_field_name][0]) for i in ids}
        total = 0.0
        moment = np.zeros(3)
        for i in ids:
            if i not in vols:
                continue
            if element_centroid_field_names is None:
                cen = element_centroids(self._coords,
                                        block_conn(self._blocks[i]))
            else:
                cen = np.column_stack([np.asarray(self._blocks[i].fields[n][0])
                                       for n in element_centroid_field_names])
            moment += (vols[i][:, None] * cen).sum(axis=0)
            total += float(vols[i].sum())
        if total == 0.0:
            return [float("nan")] * 3
        return [float(x) for x in moment / total]

    def get_element_block_extents(self, element_block_ids: EntityIds = "all") -> list:
        """[[min_x, max_x], [min_y, max_y], [min_z, max_z]] of the nodes
        used by the given element blocks."""
        ids = self._format_element_block_id_list(element_block_ids,
                                                 empty_list_okay=False)
        self._materialize()
        return extents(self._coords, self._ops_block_nodes(ids))

    def get_element_edge_length_info(self, element_block_ids: EntityIds = "all") -> list:
        """[minimum, average] element edge length (NaNs if no edges)."""
        ids = self._format_element_block_id_list(element_block_ids,
                                                 empty_list_okay=False)
        self._materialize()
        parts = []
        for i in ids:
            etype = self._ops_std_type(i)
            if etype not in E.STANDARD_TYPES:
                continue
            parts.append(edge_lengths(self._coords,
                                      block_conn(self._blocks[i]), etype))
        lengths = np.concatenate(parts) if parts else np.zeros(0)
        if len(lengths) == 0:
            return [float("nan")] * 2
        return [float(lengths.min()), float(lengths.mean())]

    def get_element_block_dimension(self, element_block_id: EntityId) -> int:
        """Dimension of the block's elements, or -1 if unknown."""
        [element_block_id] = self._format_element_block_id_list(
            [element_block_id], single=True)
        etype = self._ops_std_type(element_block_id, warning=False)
        return E.DIMENSION.get(etype, -1)

    def count_degenerate_elements(self, element_block_ids: EntityIds = "all") -> int:
        """Number of elements in which some node appears twice."""
        ids = self._format_element_block_id_list(element_block_ids,
                                                 empty_list_okay=False)
        self._materialize()
        count = 0
        for i in ids:
            conn = block_conn(self._blocks[i])
            if conn.shape[1] < 2 or conn.shape[0] == 0:
                continue
            s = np.sort(conn, axis=1)
            count += int(np.any(s[:, 1:] == s[:, :-1], axis=1).sum())
        return count

    def count_disconnected_blocks(self, element_block_ids: EntityIds = "all") -> int:
        """Number of groups of elements connected through shared nodes."""
        from ._em_geometry import connected_groups
        ids = self._format_element_block_id_list(element_block_ids,
                                                 empty_list_okay=False)
        self._materialize()
        ei, ej = [], []
        for i in ids:
            conn = block_conn(self._blocks[i])
            if conn.shape[0] == 0 or conn.shape[1] == 0:
                continue
            for k in range(1, conn.shape[1]):
                ei.append(conn[:, 0])
                ej.append(conn[:, k])
        nodes = self._ops_block_nodes(ids)
        if len(nodes) == 0:
            return 0
        if not ei:
            return len(nodes)
        label = connected_groups(len(self._coords), np.concatenate(ei),
                                 np.concatenate(ej))
        return int(len(np.unique(label[nodes])))

    def get_side_set_area(self, side_set_ids: EntityIds) -> float:
        """Total area of the faces in the given side sets."""
        from ._em_sets import side_faces
        ids = self._format_side_set_id_list(side_set_ids)
        self._materialize()
        total = 0.0
        for sid in ids:
            for ftype, nodes in side_faces(self, self._side_sets[sid].members):
                vol = element_volumes(self._coords, nodes, ftype)
                if vol is None:
                    self._warning(
                        "Unrecognized element type",
                        "The formula for calculating the volume of element "
                        'type "%s" is not implemented or not known.  This '
                        "block will be skipped." % ftype)
                    continue
                total += float(vol.sum())
        return total
