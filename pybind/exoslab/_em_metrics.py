"""Metric kernels on numpy arrays: element volumes (areas, lengths),
centroids, edge lengths, extents.  Each works on a whole block at once:
``coords`` (n, 3) float64 and ``conn`` (elements, nodes_per_element)
0-based node indices."""

import numpy as np

from . import _em_elements as E


def _group_mean(coords, conn, local_nodes):
    """Average position of the given local nodes, per element: (ne, 3)."""
    idx = conn[:, list(local_nodes)]
    if len(local_nodes) == 1:
        return coords[idx[:, 0]]
    total = coords[idx[:, 0]].copy()
    for k in range(1, len(local_nodes)):
        total += coords[idx[:, k]]
    return total / float(len(local_nodes))


def element_volumes(coords, conn, element_type):
    """exomerge's approximate volume of each element (area for 2-D types,
    length for 1-D): the length of one vector, the area of the
    parallelogram of two (times the type's factor), or the triple product
    of three (times the factor; signed, negative for inverted elements),
    each vector joining the averages of two node groups.  None when the
    type has no volume rule."""
    rule = E.VOLUME_RULES.get(element_type)
    if rule is None:
        return None
    factor, vectors = rule
    conn = np.asarray(conn).reshape(len(conn), -1)
    v = [_group_mean(coords, conn, b) - _group_mean(coords, conn, a)
         for a, b in vectors]
    if len(v) == 1:
        x = v[0]
        raw = np.sqrt(x[:, 0] ** 2 + x[:, 1] ** 2 + x[:, 2] ** 2)
    elif len(v) == 2:
        c = np.cross(v[0], v[1])
        raw = np.sqrt(c[:, 0] ** 2 + c[:, 1] ** 2 + c[:, 2] ** 2)
    else:
        c = np.cross(v[0], v[1])
        raw = c[:, 0] * v[2][:, 0] + c[:, 1] * v[2][:, 1] + c[:, 2] * v[2][:, 2]
    return raw * factor


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
