"""Unit tests of the exomerge operation kernels (plain numpy functions):
element tables, volumes, exterior faces, close-node search, expressions.
Values are checked by hand.  Run: /usr/bin/python3 -m pytest this file."""
import math

import numpy as np
import pytest

from exoslab import _em_elements as E
from exoslab import _em_expr as X
from exoslab import _ext
from exoslab import _em_geometry as G
from exoslab import _em_kernels as K
from exoslab import _em_metrics as M
from exoslab import _em_topology as T


UNIT_HEX = np.array([[0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0],
                     [0, 0, 1], [1, 0, 1], [1, 1, 1], [0, 1, 1]], float)


def grid(nx, ny, nz, h=1.0):
    """Structured hex8 grid: (coords, conn)."""
    x, y, z = np.meshgrid(np.arange(nx + 1), np.arange(ny + 1),
                          np.arange(nz + 1), indexing="ij")
    coords = np.column_stack([x.ravel(), y.ravel(), z.ravel()]) * h
    node = np.arange(len(coords)).reshape(nx + 1, ny + 1, nz + 1)
    i, j, k = np.meshgrid(np.arange(nx), np.arange(ny), np.arange(nz),
                          indexing="ij")
    i, j, k = i.ravel(), j.ravel(), k.ravel()
    conn = np.column_stack([node[i, j, k], node[i + 1, j, k],
                            node[i + 1, j + 1, k], node[i, j + 1, k],
                            node[i, j, k + 1], node[i + 1, j, k + 1],
                            node[i + 1, j + 1, k + 1], node[i, j + 1, k + 1]])
    return coords.astype(float), conn.astype(np.int64)


# -- element tables ---------------------------------------------------------
def test_tables_cover_every_type():
    for t in E.STANDARD_TYPES:
        assert t in E.DIMENSION and t in E.ORDER and t in E.INVERTED
        npe = E.NODES_PER_ELEMENT[t]
        assert sorted(E.INVERTED[t]) == list(range(npe)), t
        for ftype, nodes in E.FACES[t]:
            assert len(nodes) == E.NODES_PER_ELEMENT[ftype], (t, ftype)
            assert max(nodes) < npe
    assert E.NODES_PER_ELEMENT["hex20"] == 20
    assert E.NODES_PER_ELEMENT["wedge16"] == 16
    assert E.DIMENSION["shell4"] == 3 and E.DIMENSION["quad4"] == 2


def test_conversions_reach_declared_size():
    for old, targets in E.CONVERSIONS.items():
        for new, scheme in targets.items():
            for elem in scheme:
                assert len(elem) == E.NODES_PER_ELEMENT[new], (old, new)


def test_edges_hand_counted():
    assert len(E.edges("hex8")) == 12
    assert len(E.edges("tet4")) == 6
    assert len(E.edges("wedge6")) == 9
    assert len(E.edges("hex20")) == 12
    assert len(E.edges("quad4")) == 4
    assert len(E.edges("tri3")) == 3
    assert len(E.edges("shell4")) == 4
    assert E.edges("line3").tolist() == [[0, 1]]
    assert len(E.edges("point")) == 0
    assert {tuple(e) for e in E.edges("tet4")} == {
        (0, 1), (1, 3), (0, 3), (1, 2), (2, 3), (0, 2)}


def test_hex24tet_scheme_shape():
    s = E.hex24tet_scheme()
    assert len(s) == 24
    assert s[0] == (1, 0, (0, 1, 4, 5), tuple(range(8)))


def test_standard_type_aliases():
    assert E.standard_type("HEX") == "hex8"
    assert E.standard_type("TETRA") == "tet4"
    assert E.standard_type("Quad4") == "quad4"
    assert E.standard_type("nonsense") is None


# -- metrics ------------------------------------------------------------------
def test_unit_hex_volume_and_centroid(path):
    conn = np.arange(8).reshape(1, 8)
    assert M.element_volumes(UNIT_HEX, conn, "hex8")[0] == pytest.approx(1.0)
    assert M.element_centroids(UNIT_HEX, conn)[0].tolist() == [0.5, 0.5, 0.5]
    inverted = conn[:, list(E.INVERTED["hex8"])]
    assert M.element_volumes(UNIT_HEX, inverted, "hex8")[0] == \
        pytest.approx(-1.0)


def test_volumes_every_simple_type(path):
    c = np.array([[0, 0, 0], [2, 0, 0], [0, 3, 0], [0, 0, 4],
                  [2, 3, 0]], float)
    assert M.element_volumes(c, np.array([[0, 1]]), "line2")[0] == 2.0
    assert M.element_volumes(c, np.array([[0, 1, 2]]), "tri3")[0] == 3.0
    assert M.element_volumes(c, np.array([[0, 1, 4, 2]]), "quad4")[0] == 6.0
    assert M.element_volumes(c, np.array([[0, 1, 2, 3]]), "tet4")[0] == \
        pytest.approx(4.0)
    # a wedge of height 4 over the 2x3 right triangle: 12
    w = np.vstack([c[[0, 1, 2]], c[[0, 1, 2]] + [0, 0, 4]])
    assert M.element_volumes(w, np.arange(6).reshape(1, 6), "wedge6")[0] \
        == pytest.approx(12.0)
    assert M.element_volumes(c, np.array([[0]]), "point") is None


def test_grid_volume_sum_and_edges():
    coords, conn = grid(3, 2, 1, h=0.5)
    vol = M.element_volumes(coords, conn, "hex8")
    assert vol.shape == (6,) and np.allclose(vol, 0.125)
    lengths = M.edge_lengths(coords, conn, "hex8")
    assert lengths.shape == (72,) and np.allclose(lengths, 0.5)
    assert M.extents(coords, np.unique(conn)) == [[0, 1.5], [0, 1.0],
                                                  [0, 0.5]]


# -- exterior faces -----------------------------------------------------------
def test_exterior_faces_of_two_hexes():
    coords, conn = grid(2, 1, 1)
    faces = T.exterior_faces([(7, "hex8", conn)])
    # 12 faces, the shared one (element 0 face 1, element 1 face 3) hidden
    assert len(faces) == 10
    assert [0, 1] not in faces[:, 1:].tolist()
    assert [1, 3] not in faces[:, 1:].tolist()
    assert (faces[:, 0] == 7).all()
    assert faces[:, 1:].tolist() == sorted(faces[:, 1:].tolist())


def test_exterior_faces_between_blocks_and_counts():
    coords, conn = grid(4, 3, 2)
    both = T.exterior_faces([(1, "hex8", conn[:12]), (2, "hex8", conn[12:])])
    # the surface of a 4x3x2 box: 2*(12 + 8 + 6) = 52 quads
    assert len(both) == 52
    one = T.exterior_faces([(1, "hex8", conn[:12])])
    assert len(one) == 2 * (2 * 3 + 2 * 2 + 3 * 2)  # its own 2x3x2 box


def test_exterior_faces_shell_sides():
    c = UNIT_HEX
    hexconn = np.arange(8).reshape(1, 8)
    shell = np.array([[0, 3, 2, 1]])  # on the hex's bottom face
    faces = T.exterior_faces([(1, "hex8", hexconn), (2, "shell4", shell)])
    rows = faces.tolist()
    assert [1, 0, 4] not in rows           # covered by the shell
    shell_rows = [r for r in rows if r[0] == 2]
    # one shell side is left uncovered, plus its 4 edges (line2 faces)
    assert [2, 0, 0] in shell_rows and [2, 0, 1] not in shell_rows
    assert len(shell_rows) == 5
    alone = T.exterior_faces([(2, "shell4", shell)]).tolist()
    assert alone[:2] == [[2, 0, 0], [2, 0, 1]]


def test_duplicate_elements_use_node_sets():
    conn = np.array([[0, 1, 2], [2, 1, 0], [3, 4, 5], [0, 0, 1], [1, 0, 1]])
    assert T.duplicate_elements(conn).tolist() == [1, 4]


# -- close nodes --------------------------------------------------------------
def test_close_pairs_and_groups():
    pts = np.array([[0, 0, 0], [1, 0, 0], [1e-7, 0, 0], [1, 0, 5e-8],
                    [5, 5, 5], [0, 0, 1.5e-7]], float)
    i, j, d = G.close_pairs(pts, 2e-7)
    assert sorted(zip(i.tolist(), j.tolist())) == [(0, 2), (0, 5), (1, 3),
                                                   (2, 5)]
    master = G.connected_groups(len(pts), i, j)
    assert master.tolist() == [0, 1, 0, 1, 4, 0]
    exact = G.close_pairs(np.array([[1., 2, 3], [0, 0, 0], [1, 2, 3]]), 0.0)
    assert exact[0].tolist() == [0] and exact[1].tolist() == [2]


def test_close_pairs_chain_is_transitive():
    pts = np.array([[0, 0, 0], [0.9, 0, 0], [1.8, 0, 0], [9, 9, 9]], float)
    i, j, _ = G.close_pairs(pts, 1.0)
    assert G.connected_groups(4, i, j).tolist() == [0, 0, 0, 3]


def test_close_pairs_matches_brute_force_on_random_points():
    rng = np.random.default_rng(5)
    pts = rng.random((400, 3))
    tol = 0.06
    i, j, _ = G.close_pairs(pts, tol)
    d = np.sqrt(((pts[:, None, :] - pts[None, :, :]) ** 2).sum(axis=2))
    bi, bj = np.nonzero(np.triu(d <= tol, k=1))
    assert sorted(zip(i.tolist(), j.tolist())) == sorted(
        zip(bi.tolist(), bj.tolist()))
    assert G.closest_distance(pts) == pytest.approx(
        d[np.triu_indices(400, 1)].min())


def brute_pairs(pts, tol):
    d = np.sqrt(((pts[:, None, :] - pts[None, :, :]) ** 2).sum(axis=2))
    bi, bj = np.nonzero(np.triu(d <= tol, k=1))
    return sorted(zip(bi.tolist(), bj.tolist()))


def test_merge_pairs_match_brute_force_with_duplicates(path):
    # a lattice (coordinates on cell-face-prone multiples of 0.1) with
    # copies moved by less and by more than the tolerance, and a triple
    rng = np.random.default_rng(11)
    coords, _ = grid(6, 5, 4, h=0.1)
    tol = 1e-6
    near = coords[rng.choice(len(coords), 40, replace=False)]
    near = near + rng.uniform(-0.5, 0.5, near.shape) * tol
    far = coords[rng.choice(len(coords), 10, replace=False)] + 3 * tol
    pts = np.concatenate([coords, near, far, coords[:1], coords[:1]])
    i, j, d = G.merge_pairs(pts, tol)
    assert sorted(zip(i.tolist(), j.tolist())) == brute_pairs(pts, tol)
    assert (d <= tol).all()
    # the candidates of the binning keep every point of a pair and drop
    # most of the rest
    cand = set(G.merge_candidates(pts, tol).tolist())
    assert {k for pair in brute_pairs(pts, tol) for k in pair} <= cand
    assert len(cand) < len(pts) // 2
    # zero tolerance: bit-identical points only
    i0, j0, _ = G.merge_pairs(pts, 0.0)
    assert sorted(zip(i0.tolist(), j0.tolist())) == brute_pairs(pts, 0.0)


def test_merge_pairs_random_clouds_and_planes(path):
    rng = np.random.default_rng(3)
    for pts, tol in ((rng.random((500, 3)), 0.03),
                     (np.column_stack([rng.random((300, 2)),
                                       np.zeros(300)]), 0.02),
                     (np.repeat(rng.random((30, 3)), 4, axis=0), 0.0)):
        i, j, _ = G.merge_pairs(pts, tol)
        assert sorted(zip(i.tolist(), j.tolist())) == brute_pairs(pts, tol)
    master = G.merge_masters(6, np.array([1, 4]), np.array([3, 5]))
    assert master.tolist() == [0, 1, 2, 1, 4, 4]


def test_sweep_gives_up_when_crowded():
    pts = np.zeros((50, 3))
    assert G.sweep_pairs(pts, 1.0, 100) is None
    assert len(G.sweep_pairs(pts, 1.0, 10 ** 6)[0]) == 50 * 49 // 2


def test_remap_in_place_and_merge_map():
    table = np.array([0, 0, 1, 2])
    conn = np.array([3, 2, 1, 0], dtype=np.int64)
    out = T.remap_in_place(table, conn)
    assert out is conn and conn.tolist() == [2, 1, 0, 0]
    frozen = np.array([3, 1], dtype=np.int64)
    frozen.flags.writeable = False
    assert T.remap_in_place(table, frozen).tolist() == [2, 0]
    assert frozen.tolist() == [3, 1]


def test_fast_exterior_faces_equal_the_general_search():
    coords, conn = grid(4, 3, 3)
    rng = np.random.default_rng(2)
    blocks = [(1, "hex8", conn[:20]), (5, "hex8", conn[20:])]
    fast = T._exterior_faces_fast(blocks)
    assert fast is not None
    assert fast.tolist() == T.exterior_faces_general(blocks).tolist()
    # tets (tri3 faces, no nodes past the third) and a repeated element
    tets = np.array([[0, 1, 2, 3], [1, 2, 3, 4], [1, 2, 3, 4], [4, 5, 6, 7]])
    blocks = [(2, "tet4", tets), (3, "hex8", conn[rng.permutation(36)])]
    fast = T._exterior_faces_fast(blocks)
    assert fast.tolist() == T.exterior_faces_general(blocks).tolist()
    # faces equal in their three smallest nodes but not the fourth
    quads = np.array([[0, 1, 2, 3, 10, 11, 12, 13],
                      [0, 1, 2, 4, 20, 21, 22, 23]])
    assert T._exterior_faces_fast([(1, "hex8", quads)]) is None
    assert T.exterior_faces([(1, "hex8", quads)]).tolist() == \
        T.exterior_faces_general([(1, "hex8", quads)]).tolist()
    # shells and huge node numbers take the general search
    assert T._exterior_faces_fast([(1, "shell4", quads[:, :4])]) is None
    assert T._exterior_faces_fast([(1, "hex8", quads + 2 ** 21)]) is None


@pytest.fixture(params=["kernel", "numpy"])
def path(request, monkeypatch):
    """Run a test on the C kernels and again on the numpy fallback."""
    monkeypatch.setattr(K, "ENABLED", request.param == "kernel")
    return request.param


def test_slabbed_volumes_equal_whole_block_volumes(path):
    coords, conn = grid(9, 8, 7, h=0.3)
    coords = coords + np.random.default_rng(1).uniform(-0.05, 0.05,
                                                       coords.shape)
    old = M.SLAB
    try:
        M.SLAB = 37
        slabbed = M.element_volumes(coords, conn, "hex8")
    finally:
        M.SLAB = old
    whole = M.element_volumes(coords, conn, "hex8")
    assert np.array_equal(slabbed, whole)
    # exomerge's formula written out for one element
    p = coords[conn[5]]
    v = [p[[1, 2, 5, 6]].sum(axis=0) / 4 - p[[0, 3, 4, 7]].sum(axis=0) / 4,
         p[[2, 3, 6, 7]].sum(axis=0) / 4 - p[[0, 1, 4, 5]].sum(axis=0) / 4,
         p[[4, 5, 6, 7]].sum(axis=0) / 4 - p[[0, 1, 2, 3]].sum(axis=0) / 4]
    assert whole[5] == pytest.approx(np.dot(np.cross(v[0], v[1]), v[2]),
                                     rel=1e-14)
    out = np.empty(len(conn))
    assert M.element_volumes(coords, conn, "hex8", out) is out


def test_length_scale_and_rotation():
    assert G.length_scale(np.array([[-3., 0, 0], [1, 2, 0]])) == 4.0
    assert G.length_scale(np.array([[10., 0, 0], [11, 0, 0]])) == 11.0
    assert G.length_scale(np.zeros((0, 3))) == 0.0
    r = G.rotation_matrix([0, 0, 1], 90)
    assert G.apply_rotation(r, np.array([[1., 0, 0]])).tolist() == \
        [[0.0, 1.0, 0.0]]


def test_merge_map_and_averaging(path):
    master = np.array([0, 1, 0, 1, 4])
    old_to_new, slave = T.merge_node_map(master)
    assert old_to_new.tolist() == [0, 1, 0, 1, 2]
    vals = np.array([[1.0, 2.0, 3.0, 2.0, 7.0],
                     [1.0, 2.0, 1.0, 2.0, 7.0]])
    out, differs = T.average_groups(vals, master, slave)
    assert differs
    assert out.tolist() == [[2.0, 2.0, 7.0], [1.0, 2.0, 7.0]]


def test_derived_nodes_for_quadratic_hexes():
    coords, conn = grid(2, 1, 1)
    scheme = E.CONVERSIONS["hex8"]["hex20"]
    (new,), keys, sizes = T.derived_node_plan([(conn, scheme)], True)
    assert new.shape == (2, 20)
    # 12 + 12 edges, 4 shared
    assert len(keys) == 20 and (sizes == 2).all()
    mid = T.derived_coords(coords, keys, sizes)
    k = -1 - new[0, 8]               # the (0, 1) edge midpoint of element 0
    assert mid[k].tolist() == [0.5, 0.0, 0.0]
    assert (new[:, :8] == conn).all()


# -- expressions --------------------------------------------------------------
def test_expression_arithmetic_broadcasts():
    e = X.compile_expression(" temp_K - 273.15 + 2^3 + sqrt(X) * time",
                             {"temp_K", "X", "time"})
    env = {"temp_K": np.array([[300.0, 310.0], [320.0, 330.0]]),
           "X": np.array([[4.0, 9.0]]), "time": np.array([[0.0], [1.0]])}
    out = e.evaluate(env)
    assert np.allclose(out, [[34.85, 44.85], [56.85, 67.85]])
    assert e.names_used == {"temp_K", "X", "time"}


def test_expression_functions_and_comparisons():
    e = X.compile_expression("max(a, 2, b) + (a >= 1) + abs(-a) + pi",
                             {"a", "b"})
    out = e.evaluate({"a": np.array([0.0, 3.0]), "b": np.array([1.0, 1.0])})
    assert np.allclose(out, [2 + 0 + 0 + math.pi, 3 + 1 + 3 + math.pi])


def test_expression_unknown_name_is_named():
    with pytest.raises(X.ExpressionError, match="unknown name 'tmep'"):
        X.compile_expression("tmep + 1", {"temp"})
    with pytest.raises(X.ExpressionError, match="unknown function 'open'"):
        X.compile_expression("open('x')", set())
    with pytest.raises(X.ExpressionError, match="unsupported construct"):
        X.compile_expression("a.__class__", {"a"})
    with pytest.raises(X.ExpressionError, match="syntax error"):
        X.compile_expression("a + * 2", {"a"})
    with pytest.raises(X.ExpressionError, match="unsupported construct"):
        X.compile_expression("[a for a in b]", {"a", "b"})


def test_expression_odd_variable_names():
    e = X.compile_expression("disp:x * 2", {"disp:x"})
    assert e.evaluate({"disp:x": np.array([1.5])}).tolist() == [3.0]


def test_condition_residuals():
    c = X.compile_condition("Y = 0 || X >= 1", {"X", "Y"})
    env = {"X": np.array([0.0, 2.0, 0.5]), "Y": np.array([0.0, 1.0, 1.0])}
    r = c.residual(env)
    assert np.abs(r[0]) <= 1e-12 and np.abs(r[1]) <= 1e-12
    assert np.abs(r[2]) > 0.5
    both = X.compile_condition("X == 0 && Y < 0.5", {"X", "Y"})
    assert (np.abs(both.residual(env)) <= 1e-12).tolist() == \
        [True, False, False]


def test_split_assignment():
    assert X.split_assignment(" t2 = time ^ 2")[0] == "t2"
    with pytest.raises(X.ExpressionError, match='"=" sign'):
        X.split_assignment("time ^ 2")


def test_unique_rows_with_ties_past_the_packed_columns():
    # rows equal in their first three columns but not after (as a hex's
    # bottom face and its centre key), padded with -1, plus true repeats
    rng = np.random.default_rng(8)
    base = rng.integers(0, 5, size=(300, 3))
    tail = rng.integers(-1, 3, size=(300, 5))
    rows = np.concatenate([np.column_stack([base, tail])] * 2)
    rows = rows[rng.permutation(len(rows))]
    uniq, inverse = T.unique_rows(rows)
    want, want_inv = np.unique(rows, axis=0, return_inverse=True)
    assert uniq.tolist() == want.tolist()
    assert inverse.tolist() == want_inv.ravel().tolist()
    # node numbers past 21 bits take the full lexicographic sort
    big = rows + 2 ** 22
    assert T.unique_rows(big)[0].tolist() == (want + 2 ** 22).tolist()


def test_derived_coords_of_mixed_key_sizes():
    values = np.array([[0.0, 0, 0], [2, 0, 0], [0, 4, 0], [0, 0, 8]])
    keys = np.array([[0, 1, -1, -1], [0, 1, 2, 3], [1, 2, 3, -1]])
    sizes = np.array([2, 4, 3])
    out = T.derived_coords(values, keys, sizes)
    assert out.tolist() == [[1.0, 0, 0], [0.5, 1, 2], [2 / 3, 4 / 3, 8 / 3]]


def test_expression_reuses_only_its_own_temporaries():
    x = np.arange(4.0)[None, :]
    t = np.ones((3, 4))
    env = {"x": x, "t": t}
    e = X.compile_expression("t * 2 + sqrt(x ^ 2 + 1) - -x", {"x", "t"})
    out = e.evaluate(env)
    assert out.shape == (3, 4)
    assert np.allclose(out, 2 + np.sqrt(x ** 2 + 1) + x)
    # the inputs are untouched, the result is none of them
    assert x.tolist() == [[0.0, 1.0, 2.0, 3.0]] and (t == 1).all()
    assert not np.may_share_memory(out, t) and not np.may_share_memory(out, x)
    # a bare name or min() of one input gives the input back, unchanged
    assert X.compile_expression("min(t)", {"t"}).evaluate(env) is t
    assert (X.compile_expression("min(t) * 3", {"t"}).evaluate(env) == 3).all()
    assert (t == 1).all()


def test_node_average_of_elements_in_slabs(path):
    from exoslab import _em_fields as F
    coords, conn = grid(7, 6, 5)
    rng = np.random.default_rng(4)
    shuffled = rng.permutation(len(coords))[conn]   # nodes spread widely
    values = rng.random((3, len(conn)))
    values[1] = values[0]                            # a repeated step
    n = len(coords)
    for c in (conn, shuffled):
        want_s = np.zeros((3, n))
        want_c = np.zeros(n)
        for e, nodes in enumerate(c.tolist()):
            for node in nodes:
                want_s[:, node] += values[:, e]
                want_c[node] += 1
        old = F.E2N_SLAB
        try:
            for slab in (7, 64, 10 ** 6):
                F.E2N_SLAB = slab
                parts = [(c[:100], values[:, :100]),
                         (c[100:], values[:, 100:])]
                sums, counts = F.node_average_of_elements(n, parts)
                assert counts.tolist() == want_c.tolist()
                assert np.allclose(sums, want_s, rtol=1e-14, atol=0)
                assert sums[0].tolist() == sums[1].tolist()
        finally:
            F.E2N_SLAB = old


def test_remap_blocks_in_place_or_fresh_when_shared():
    class Blk:
        def __init__(self, c):
            self.connectivity = c
    table = np.array([0, 0, 1, 2])
    a, b = np.array([3, 2, 1]), np.array([1, 3])
    blocks = [Blk(a), Blk(b)]
    T.remap_blocks(blocks, table)
    assert blocks[0].connectivity is a and a.tolist() == [2, 1, 0]
    assert b.tolist() == [0, 2]
    # a block viewing another's array: both remapped once, from the
    # original numbers, into new arrays
    base = np.array([3, 2, 1, 3])
    blocks = [Blk(base), Blk(base[1:3]), Blk(base)]
    T.remap_blocks(blocks, table)
    assert [blk.connectivity.tolist() for blk in blocks] == \
        [[2, 1, 0, 2], [1, 0], [2, 1, 0, 2]]
    assert base.tolist() == [3, 2, 1, 3]


# -- result allocation on huge pages -----------------------------------------
@pytest.mark.parametrize("shape,dtype", [
    ((3, 70602), np.float64),           # 1.6 MiB: cut from a huge page
    ((7, 10000), np.float64),           # 547 KiB, just over HUGE_MIN
    ((100,), np.float64),               # small: plain np.empty
    ((3, 400000), np.float64),          # 9 MiB: numpy advises itself
    ((200000,), np.int64),
    ((0, 5), np.float64),
])
def test_fresh_empty_shape_alignment_and_independence(shape, dtype):
    a = M.fresh_empty(shape, dtype)
    b = M.fresh_empty(shape, dtype)
    assert a.shape == shape and a.dtype == dtype
    assert a.flags.c_contiguous and a.flags.writeable
    nbytes = a.size * a.itemsize
    if M.HUGE_MIN <= nbytes < (4 << 20):
        assert a.ctypes.data % M.HUGE_PAGE == 0
    a[...] = 1
    b[...] = 2
    assert (a == 1).all() and (b == 2).all()    # no shared memory
    assert not np.may_share_memory(a, b)
    z = M.fresh_zeros(shape, dtype)
    assert z.shape == shape and (z == 0).all()


def test_expression_square_equals_pow_and_large_results():
    rng = np.random.default_rng(7)
    x = rng.normal(size=(1, 150000)) * 1e3
    t = rng.normal(size=(3, 150000))          # 3.4 MiB: on a huge page
    expr = X.compile_expression("t * 2 + sqrt(x ^ 2 + 1) - x ** 2",
                                {"t", "x"})
    got = expr.evaluate({"t": t, "x": x})
    want = t * 2 + np.sqrt(x * x + 1) - x * x
    assert got.shape == (3, 150000)
    assert np.array_equal(got, want)            # bit for bit: x ^ 2 is x * x
    # and within an ulp of the Python float ** exomerge evaluates
    xs = x[0, :2000].tolist()
    ref = np.array([v ** 2 for v in xs])
    sq = X.compile_expression("x ^ 2", {"x"}).evaluate({"x": x[:, :2000]})[0]
    assert (np.abs(sq - ref) <= np.spacing(ref)).all()
    assert not np.may_share_memory(got, t) and not np.may_share_memory(got, x)
    # integer powers other than 2 still go through pow
    cube = X.compile_expression("x ^ 3", {"x"}).evaluate({"x": x})
    assert np.array_equal(cube, np.power(x, 3.0))
    # x ^ 2 of a small input and of a number
    assert X.compile_expression("2 ^ 2", set()).evaluate({}) == 4.0
    small = np.array([[-3.0, 0.5]])
    assert np.array_equal(
        X.compile_expression("x ^ 2", {"x"}).evaluate({"x": small}),
        [[9.0, 0.25]])


@pytest.mark.parametrize("n", [0, 1, 2, 70000, 600000])
def test_fresh_arange(n):
    a = M.fresh_arange(n)
    assert a.dtype == np.int64 and np.array_equal(a, np.arange(n))


def test_merge_map_on_huge_page_arrays_keeps_order(path):
    # 70,000 nodes (the arrays cut from huge pages): every 7th node merged
    # into the one before it
    n = 70000
    master = np.arange(n)
    master[7::7] -= 1
    old_to_new, slave = T.merge_node_map(master)
    keep = np.nonzero(~slave)[0]
    assert np.array_equal(old_to_new[keep], np.arange(len(keep)))
    assert np.array_equal(old_to_new[7::7], old_to_new[6::7][:len(
        old_to_new[7::7])])
    values = np.vstack([np.arange(n, dtype=float), np.ones(n)])
    out, differs = T.average_groups(values, master, slave)
    assert differs and out.shape == (2, len(keep))
    assert out.flags.c_contiguous
    merged_into = old_to_new[6::7][:len(master[7::7])]
    assert np.array_equal(out[0, merged_into],
                          np.arange(6, n - 1, 7)[:len(merged_into)] + 0.5)
    assert (out[1] == 1).all()


@pytest.mark.parametrize("sort_keys", [True, False])
def test_packed_derived_keys_equal_the_row_path(monkeypatch, sort_keys):
    # hex8 -> hex20 (12 two-node keys per element) on a grid, and a block
    # of random connectivity with repeats: the packed path (no row array)
    # must give exactly the row path's keys, numbering and connectivity
    coords, conn = grid(5, 4, 3)
    rng = np.random.default_rng(3)
    other = rng.integers(0, len(coords), size=(40, 8))
    parts = [(conn, E.CONVERSIONS["hex8"]["hex20"]),
             (other, E.CONVERSIONS["hex8"]["hex20"])]
    fast = T.derived_node_plan(parts, sort_keys)
    monkeypatch.setattr(T, "_derived_keys_packed", lambda *a: None)
    slow = T.derived_node_plan(parts, sort_keys)
    for a, b in zip(fast[0], slow[0]):
        assert np.array_equal(a, b)
    assert np.array_equal(fast[1], slow[1])
    assert np.array_equal(fast[2], slow[2])
    assert fast[1].shape[1] == 2 and (fast[2] == 2).all()


def test_packed_derived_keys_refuse_wide_or_large_keys():
    conn = np.array([[0, 1, 2, 3, 4, 5, 6, 2 ** 21]], dtype=np.int64)
    scheme = E.CONVERSIONS["hex8"]["hex20"]
    distinct = [{(0, 1): 0}]
    assert T._derived_keys_packed([(conn, scheme)], distinct, 2, True,
                                  1) is None
    # too wide for three 21-bit fields
    distinct = [{(0, 1, 2, 3): 0}]
    assert T._derived_keys_packed([(conn[:, :7], scheme)], distinct, 4,
                                  True, 1) is None


def test_derived_coords_in_slabs_equal_one_slab(monkeypatch):
    # padded keys of sizes 1..4 across slab edges, C-ordered coordinates
    # and a transposed node field (the two gather paths), into `out`
    rng = np.random.default_rng(11)
    coords = rng.normal(size=(500, 3))
    field = rng.normal(size=(3, 500))
    sizes = rng.integers(1, 5, size=1000)
    keys = np.full((1000, 4), -1, dtype=np.int64)
    for r, k in enumerate(sizes):
        keys[r, :k] = rng.choice(500, size=k, replace=False)
    whole_c = T.derived_coords(coords, keys, sizes)
    whole_f = T.derived_coords(field.T, keys, sizes)
    monkeypatch.setattr(T, "DERIVED_SLAB", 96)
    slab_c = T.derived_coords(coords, keys, sizes)
    out = np.full((3, 1000), 7.0)
    T.derived_coords(field.T, keys, sizes, out=out.T)
    assert np.array_equal(slab_c, whole_c)
    assert np.array_equal(out.T, whole_f)
    # by hand: each row the mean of its key's nodes
    want = np.array([coords[keys[r, :k]].sum(axis=0) / k
                     for r, k in enumerate(sizes)])
    assert np.allclose(slab_c, want, rtol=0, atol=1e-14)


def test_bad_node_index_is_an_error_not_a_clamp():
    # both kernels take with mode="clip" for speed; an index outside the
    # nodes must still raise instead of reading or writing the last node
    coords = np.zeros((8, 3))
    conn = np.array([[0, 1, 3, 2, 4, 5, 7, 8]], np.int64)
    with pytest.raises(ValueError, match="outside"):
        M.element_volumes(coords, conn, "hex8")
    with pytest.raises(ValueError, match="outside"):
        M._check_nodes(np.array([[-1]]), len(coords))
    table = np.arange(8, dtype=np.int64)
    with pytest.raises(ValueError, match="outside"):
        T.remap_in_place(table, np.array([0, 9], np.int64))
    ok = np.array([7, 0, 3], np.int64)
    assert T.remap_in_place(table[::-1].copy(), ok).tolist() == [0, 7, 4]


# -- the C kernels against the numpy code they replace ------------------------
KERNELS = ("em_volumes", "em_scatter_add", "em_node_mean", "em_same",
           "em_merge_candidates", "em_merge_node_map", "em_keep",
           "em_merge_masters", "em_expand_scheme", "em_format_values")


def both(monkeypatch, fn):
    """fn() on the C kernels, then on the numpy fallback."""
    monkeypatch.setattr(K, "ENABLED", True)
    fast = fn()
    monkeypatch.setattr(K, "ENABLED", False)
    slow = fn()
    monkeypatch.setattr(K, "ENABLED", True)
    return fast, slow


def test_the_build_has_every_kernel():
    # the extension built from this tree must carry them (the numpy path
    # is for older builds only, and would hide a missing kernel)
    for name in KERNELS:
        assert callable(getattr(_ext, name, None)), name
        assert K.kernel(name) is getattr(_ext, name)


def test_kernels_switch_off(monkeypatch):
    monkeypatch.setattr(K, "ENABLED", False)
    assert all(K.kernel(name) is None for name in KERNELS)


def _random_elements(rng, npe, ne, n):
    """ne elements of npe distinct nodes each out of n."""
    return np.argsort(rng.random((ne, n)), axis=1)[:, :npe].astype(np.int64)


@pytest.mark.parametrize("etype", sorted(E.VOLUME_RULES))
def test_kernel_volumes_bit_equal_numpy_every_type(monkeypatch, etype):
    rng = np.random.default_rng(len(etype))
    npe = E.NODES_PER_ELEMENT[etype]
    coords = rng.uniform(-2.0, 3.0, (60, 3))
    conn = _random_elements(rng, npe, 500, len(coords))
    fast, slow = both(monkeypatch,
                      lambda: M.element_volumes(coords, conn, etype))
    assert fast.dtype == np.float64 and fast.shape == (500,)
    assert np.array_equal(fast, slow), etype
    # random elements are inverted about half the time: the sign is kept
    if len(E.VOLUME_RULES[etype][1]) == 3:
        assert (fast < 0).any() and (fast > 0).any()
    # the same through an int32 connectivity and a strided `out`
    out = np.empty(500)
    assert M.element_volumes(coords, conn.astype(np.int32), etype, out) is out
    assert np.array_equal(out, slow)
    col = np.empty((500, 2))[:, 1]
    M.element_volumes(coords, conn, etype, col)
    assert np.array_equal(col, slow)


@pytest.mark.parametrize("etype", ["hex8", "hex20"])
def test_kernel_hex_lanes_every_tail_and_first_bad_entry(monkeypatch, etype):
    # the hex rule runs four elements at a time, the rest one by one:
    # every count of leftover elements, hex20's wider rows, and the factor
    rng = np.random.default_rng(7)
    npe = E.NODES_PER_ELEMENT[etype]
    coords = rng.uniform(-1.0, 1.0, (40, 3))
    for ne in range(1, 12):
        conn = _random_elements(rng, npe, ne, len(coords))
        fast, slow = both(monkeypatch,
                          lambda: M.element_volumes(coords, conn, etype))
        assert np.array_equal(fast, slow), (etype, ne)
        scaled = np.empty(ne)
        _ext.em_volumes(coords, conn, M.RULE_ARRAYS[etype], 3.0, scaled)
        assert np.array_equal(scaled, slow * 3.0), (etype, ne)
    # two bad entries in one group of four: the earlier element's is named
    conn = _random_elements(rng, npe, 9, len(coords))
    conn[6, 2] = 41
    conn[5, 7] = -3
    out = np.full(9, np.nan)
    with pytest.raises(ValueError, match=r"outside 0\.\.39 \(-3\)"):
        _ext.em_volumes(coords, conn, M.RULE_ARRAYS[etype], 1.0, out)
    # the elements before the bad group were computed, none after it
    assert np.array_equal(out[:4], M.element_volumes(coords, conn[:4], etype))
    # a node past the rule's 8 (hex20's mid-edge nodes) is not checked:
    # the volume does not use it, as in the numpy code
    if npe > 8:
        conn = _random_elements(rng, npe, 8, len(coords))
        conn[3, 12] = 99
        fast = M.element_volumes(coords, conn, etype)
        assert np.isfinite(fast).all()


def _unit_elements():
    """(type, coords, conn, hand-computed volume) on every type with a
    volume rule: unit cube, unit right prism, unit square, ..."""
    cube = UNIT_HEX * [2.0, 1.0, 0.5]                     # volume 1
    mids = [(0, 1), (1, 2), (2, 3), (0, 3), (0, 4), (1, 5), (2, 6), (3, 7),
            (4, 5), (5, 6), (6, 7), (4, 7)]
    hex20 = np.vstack([cube, [(cube[a] + cube[b]) / 2 for a, b in mids]])
    tet = np.array([[0, 0, 0], [3, 0, 0], [0, 2, 0], [0, 0, 1]], float)
    tet_mids = [(0, 1), (1, 2), (0, 2), (0, 3), (1, 3), (2, 3)]
    tet10 = np.vstack([tet, [(tet[a] + tet[b]) / 2 for a, b in tet_mids]])
    prism = np.array([[0, 0, 0], [2, 0, 0], [0, 2, 0],
                      [0, 0, 3], [2, 0, 3], [0, 2, 3]], float)  # volume 6
    wedge16 = np.vstack([prism, np.zeros((10, 3))])
    square = np.array([[0, 0, 0], [3, 0, 0], [3, 2, 0], [0, 2, 0]], float)
    quad8 = np.vstack([square, np.zeros((4, 3))])
    tri = np.array([[0, 0, 0], [4, 0, 0], [0, 3, 0]], float)      # area 6
    tri6 = np.vstack([tri, np.zeros((3, 3))])
    line = np.array([[1, 1, 1], [4, 5, 1], [9, 9, 9]], float)     # length 5
    return [("hex8", cube, 1.0), ("hex20", hex20, 1.0), ("tet4", tet, 1.0),
            ("tet10", tet10, 1.0), ("wedge6", prism, 6.0),
            ("wedge12", wedge16[:12], 6.0), ("wedge15", wedge16[:15], 6.0),
            ("wedge16", wedge16, 6.0), ("quad4", square, 6.0),
            ("shell4", square, 6.0), ("quad6", quad8[:6], 6.0),
            ("quad8", quad8, 6.0), ("tri3", tri, 6.0), ("tri6", tri6, 6.0),
            ("line2", line[:2], 5.0), ("line3", line, 5.0)]


def test_hand_checked_volumes_every_type(path):
    cases = _unit_elements()
    assert {t for t, _, _ in cases} == set(E.VOLUME_RULES)
    for etype, coords, want in cases:
        conn = np.arange(len(coords)).reshape(1, -1)
        assert M.element_volumes(coords, conn, etype)[0] == \
            pytest.approx(want, rel=1e-14), etype
        if len(E.VOLUME_RULES[etype][1]) == 3:     # signed: a triple product
            inv = conn[:, list(E.INVERTED[etype])]
            assert M.element_volumes(coords, inv, etype)[0] == \
                pytest.approx(-want, rel=1e-14), etype


def test_kernel_element_to_node_sums_equal_numpy(monkeypatch):
    from exoslab import _em_fields as F
    rng = np.random.default_rng(9)
    coords, conn = grid(12, 9, 7)
    n = len(coords)
    shuffled = rng.permutation(n)[conn]
    values = rng.random((4, len(conn)))
    values[2] = values[1]
    parts = [(conn[:300], values[:, :300]),
             (shuffled[300:], values[:, 300:]),
             (np.zeros((0, 8), np.int64), np.zeros((4, 0)))]
    (fs, fc), (ss, sc) = both(monkeypatch,
                              lambda: F.node_average_of_elements(n, parts))
    assert fc.tolist() == sc.tolist()
    np.testing.assert_allclose(fs, ss, rtol=1e-12, atol=0)
    assert fs[1].tolist() == fs[2].tolist()
    # two quads sharing an edge, by hand: nodes 1 and 4 get both values
    two = np.array([[0, 1, 4, 3], [1, 2, 5, 4]], np.int64)
    vals = np.array([[2.0, 6.0], [1.0, 1.0]])
    sums, counts = F.node_average_of_elements(6, [(two, vals)])
    assert counts.tolist() == [1, 2, 1, 1, 2, 1]
    assert sums.tolist() == [[2, 8, 6, 2, 8, 6], [1, 2, 1, 1, 2, 1]]


def _model_two_blocks(em, n=6):
    m = em.ExodusModel()
    m.build_hex8_cube(1, [[0.0, 1.0], [0.0, 1.0], [0.0, 0.5]], [n, n, n // 2])
    m.build_hex8_cube(2, [[0.0, 1.0], [0.0, 1.0], [0.5, 1.0]], [n, n, n // 2])
    for t in (0.0, 1.0, 2.0):
        m.create_timestep(t)
    m.calculate_node_field("temp = X + Y * Z + time")
    return m


def test_kernel_model_operations_equal_numpy(monkeypatch):
    import exoslab.exomerge as em

    def run():
        m = _model_two_blocks(em)
        m.calculate_element_volumes()
        m.calculate_element_field("wiggle = volume * (1 + time)")
        m.convert_element_field_to_node_field("wiggle", "vn")
        before = len(m.get_coords_array())
        m.merge_nodes(suppress_warnings=True)
        return (before - len(m.get_coords_array()),
                np.array(m.get_coords_array()),
                {b: np.array(m.get_element_field_values("volume", b))
                 for b in m.get_element_block_ids()},
                np.array([m.get_node_field_values("vn", t)
                          for t in m.get_timesteps()]),
                {b: np.array(m.get_connectivity(b))
                 for b in m.get_element_block_ids()})
    fast, slow = both(monkeypatch, run)
    assert fast[0] == slow[0] == 7 * 7        # the interface nodes merged
    assert np.array_equal(fast[1], slow[1])
    for b in fast[2]:
        assert np.array_equal(fast[2][b], slow[2][b])
        assert np.allclose(fast[2][b], 1.0 / 6 ** 3, rtol=1e-12)
        assert np.array_equal(fast[4][b], slow[4][b])
    np.testing.assert_allclose(fast[3], slow[3], rtol=1e-12, atol=0)


@pytest.mark.parametrize("case", ["cloud", "lattice", "plane", "line",
                                  "coarse"])
def test_kernel_merge_candidates_equal_numpy(monkeypatch, case):
    rng = np.random.default_rng(5)
    if case == "cloud":
        pts, tol = rng.random((3000, 3)), 1e-3
    elif case == "lattice":
        pts, _ = grid(15, 12, 9, h=0.1)
        dup = pts[rng.choice(len(pts), 60, replace=False)]
        pts, tol = np.concatenate([pts, dup + 1e-8, pts[:3]]), 1e-6
    elif case == "plane":
        pts = np.column_stack([rng.random((2000, 2)), np.full(2000, 0.25)])
        tol = 1e-4
    elif case == "line":
        pts = np.zeros((500, 3))
        pts[:, 1] = np.sort(rng.random(500))
        tol = 1e-5
    else:
        pts, tol = rng.random((400, 3)), 0.2        # margin too wide: all
    fast, slow = both(monkeypatch, lambda: G.merge_candidates(pts, tol))
    assert fast.dtype == np.int64
    assert np.array_equal(fast, slow), case
    if case == "coarse":
        assert len(fast) == len(pts)
    want = {k for pair in brute_pairs(pts, tol) for k in pair} \
        if len(pts) < 2500 else set()
    assert want <= set(fast.tolist())


def test_kernel_merge_node_map_equal_numpy(monkeypatch):
    rng = np.random.default_rng(8)
    n = 5000
    i = rng.integers(0, n, 800)
    j = rng.integers(0, n, 800)
    master = G.merge_masters(n, i, j)
    (fo, fs), (so, ss) = both(monkeypatch, lambda: T.merge_node_map(master))
    assert fs.dtype == bool and np.array_equal(fs, ss)
    assert np.array_equal(fo, so)
    assert fs.sum() == n - len(np.unique(master))


def test_kernels_refuse_bad_arrays():
    coords = np.zeros((8, 3))
    conn = np.arange(8, dtype=np.int64).reshape(1, 8)
    rule = M.RULE_ARRAYS["hex8"]
    out = np.empty(1)
    _ext.em_volumes(coords, conn, rule, 1.0, out)
    assert out[0] == 0.0
    with pytest.raises(TypeError, match="conn must have dtype"):
        _ext.em_volumes(coords, conn.astype(np.int32), rule, 1.0, out)
    with pytest.raises(TypeError, match="coords must be a numpy array"):
        _ext.em_volumes(coords.tolist(), conn, rule, 1.0, out)
    with pytest.raises(TypeError, match="out must have dtype"):
        _ext.em_volumes(coords, conn, rule, 1.0, np.empty(1, np.float32))
    with pytest.raises(ValueError, match="C-contiguous"):
        _ext.em_volumes(np.zeros((8, 6))[:, ::2], conn, rule, 1.0, out)
    with pytest.raises(ValueError, match="coords has 4 entries along axis 1"):
        _ext.em_volumes(np.zeros((8, 4)), conn, rule, 1.0, out)
    with pytest.raises(ValueError, match="out has 2 entries"):
        _ext.em_volumes(coords, conn, rule, 1.0, np.empty(2))
    frozen = np.empty(1)
    frozen.flags.writeable = False
    with pytest.raises(ValueError, match="writeable"):
        _ext.em_volumes(coords, conn, rule, 1.0, frozen)
    with pytest.raises(ValueError, match="rule groups"):
        _ext.em_volumes(coords, conn[:, :4], rule, 1.0, out)   # node 7 >= 4
    bad_rule = rule.copy()
    bad_rule[0, 0, 0] = -1
    with pytest.raises(ValueError, match="rule groups"):
        _ext.em_volumes(coords, conn, bad_rule, 1.0, out)
    with pytest.raises(ValueError, match="rule must have shape"):
        _ext.em_volumes(coords, conn, np.zeros((4, 2, 4), np.int64), 1.0, out)
    for node in (8, -1):
        c = conn.copy()
        c[0, 6] = node
        with pytest.raises(ValueError, match=r"outside 0\.\.7 \(%d\)" % node):
            _ext.em_volumes(coords, c, rule, 1.0, out)
    with pytest.raises(TypeError):
        _ext.em_volumes(coords, conn, rule, "x", out)


def test_scatter_and_merge_kernels_refuse_bad_arrays():
    conn = np.array([[0, 1], [1, 2]], np.int64)
    sums, counts = np.zeros(3), np.zeros(3)
    _ext.em_scatter_add(conn, np.array([1.0, 2.0]), sums, counts)
    assert sums.tolist() == [1, 3, 2] and counts.tolist() == [1, 2, 1]
    _ext.em_scatter_add(conn, None, None, counts)
    assert counts.tolist() == [2, 4, 2]
    with pytest.raises(ValueError, match=r"outside 0\.\.2 \(3\)"):
        _ext.em_scatter_add(conn + 1, np.ones(2), np.zeros(3), None)
    with pytest.raises(ValueError, match="values has 3 entries"):
        _ext.em_scatter_add(conn, np.ones(3), np.zeros(3), None)
    with pytest.raises(ValueError, match="values and sums"):
        _ext.em_scatter_add(conn, np.ones(2), None, counts)
    with pytest.raises(ValueError, match="counts has 4 entries"):
        _ext.em_scatter_add(conn, np.ones(2), np.zeros(3), np.zeros(4))
    with pytest.raises(ValueError, match="dimension"):
        _ext.em_scatter_add(conn.ravel(), np.ones(2), np.zeros(3), None)
    with pytest.raises(TypeError, match="sums must have dtype"):
        _ext.em_scatter_add(conn, np.ones(2), np.zeros(3, np.int64), None)
    pts = np.random.default_rng(2).random((100, 3))
    out = np.empty(100, np.int64)
    args = (np.array([0, 1, 2]), np.zeros(3), np.array([11, 11, 11]),
            10.0, 0.25, 0.4)
    assert 0 <= _ext.em_merge_candidates(pts, *args, out) <= 100
    with pytest.raises(ValueError, match="out has 99 entries"):
        _ext.em_merge_candidates(pts, *args, np.empty(99, np.int64))
    with pytest.raises(ValueError, match="outside the merge grid"):
        _ext.em_merge_candidates(pts + 2.0, *args, out)
    with pytest.raises(ValueError, match="grid axes"):
        _ext.em_merge_candidates(pts, np.array([0, 1, 5]), *args[1:], out)
    with pytest.raises(ValueError, match="cells at most"):
        _ext.em_merge_candidates(pts, args[0], args[1],
                                 np.array([1000, 1000, 1000]), *args[3:], out)
    with pytest.raises(ValueError, match="as many of each"):
        _ext.em_merge_candidates(pts, args[0], np.zeros(2), *args[2:], out)
    old, slave = np.empty(4, np.int64), np.empty(4, bool)
    assert _ext.em_merge_node_map(np.array([0, 0, 2, 2]), old, slave) == 2
    assert old.tolist() == [0, 0, 1, 1]
    assert slave.tolist() == [False, True, False, True]
    for master, i in (([0, 2, 2, 3], 1), ([0, 0, 1, 3], 2),
                      ([0, -1, 2, 3], 1)):
        with pytest.raises(ValueError, match=r"master\[%d\]" % i):
            _ext.em_merge_node_map(np.array(master), old, slave)
    with pytest.raises(TypeError, match="slave must have dtype"):
        _ext.em_merge_node_map(np.array([0, 1, 2, 3]), old,
                               np.empty(4, np.uint8))


def test_kernel_keep_equals_compress(monkeypatch):
    rng = np.random.default_rng(12)
    n = 3000
    drop = rng.random(n) < 0.1
    drop[:3] = True
    drop[-1] = True
    values = rng.random((3, n))
    coords = rng.random((n, 3))
    kept = n - int(drop.sum())
    for src, width, shape in ((values, 1, (3, kept)), (coords, 3, (kept, 3))):
        fast, slow = both(monkeypatch, lambda: T._compress(
            src, drop, width, np.empty(shape)))
        want = src[:, ~drop] if width == 1 else src[~drop]
        assert np.array_equal(fast, want) and np.array_equal(slow, want)
    out = np.empty((1, 4))
    _ext.em_keep(np.arange(6.0).reshape(1, 6), np.array([True, False, False]),
                 2, out)
    assert out.tolist() == [[2.0, 3.0, 4.0, 5.0]]
    with pytest.raises(ValueError, match="out has 3 entries along axis 1"):
        _ext.em_keep(np.zeros((1, 6)), np.zeros(3, bool), 2, np.empty((1, 3)))
    with pytest.raises(ValueError, match="src has 6 entries along axis 1"):
        _ext.em_keep(np.zeros((1, 6)), np.zeros(4, bool), 1, np.empty((1, 4)))
    with pytest.raises(ValueError, match="w must be"):
        _ext.em_keep(np.zeros((1, 6)), np.zeros(3, bool), 0, np.empty((1, 3)))
    with pytest.raises(TypeError, match="drop must have dtype"):
        _ext.em_keep(np.zeros((1, 3)), np.zeros(3), 1, np.empty((1, 3)))


@pytest.mark.parametrize("default", [0.0, float("nan")])
def test_kernel_node_means_equal_numpy(monkeypatch, default):
    from exoslab import _em_fields as F
    rng = np.random.default_rng(13)
    coords, conn = grid(9, 8, 3)
    n = len(coords) + 5                     # 5 nodes no element uses
    values = rng.random((3, len(conn)))
    values[1] = values[0]
    parts = [(conn[:50], values[:, :50]), (conn[50:], values[:, 50:])]
    fast, slow = both(monkeypatch,
                      lambda: F.node_means_of_elements(n, parts, default))
    np.testing.assert_allclose(fast, slow, rtol=1e-12, atol=0)
    assert np.array_equal(np.isnan(fast), np.isnan(slow))
    assert fast.shape == (3, n)
    assert np.array_equal(fast[0], fast[1], equal_nan=True)
    # a corner node has one element: its value itself
    corner = int(conn[0, 0])
    assert fast[2, corner] == values[2, 0]
    if default == 0.0:
        assert (fast[:, -5:] == 0.0).all()
    else:
        assert np.isnan(fast[:, -5:]).all()


def test_node_mean_and_same_kernels_by_hand():
    sums = np.array([6.0, 5.0, 7.0])
    _ext.em_node_mean(sums, np.array([3.0, 0.0, 2.0]), -1.0)
    assert sums.tolist() == [2.0, -1.0, 3.5]
    with pytest.raises(ValueError, match="counts has 2 entries"):
        _ext.em_node_mean(sums, np.ones(2), 0.0)
    with pytest.raises(TypeError, match="counts must have dtype"):
        _ext.em_node_mean(sums, np.ones(3, np.int64), 0.0)
    a = np.array([1.0, np.nan, 0.0])
    assert _ext.em_same(a, a.copy()) is True
    assert _ext.em_same(a, np.array([1.0, np.nan, -0.0])) is False
    assert _ext.em_same(np.zeros(0), np.zeros(0)) is True
    with pytest.raises(ValueError, match="b has 2 entries"):
        _ext.em_same(a, np.zeros(2))
    with pytest.raises(ValueError, match="C-contiguous"):
        _ext.em_same(a, np.zeros(6)[::2])


def test_kernel_merge_masters_equal_numpy_and_by_hand(monkeypatch):
    # by hand: 0-3-5 (via 5-3 and 3-0), 2-4, 1 and 6 alone
    label = np.empty(7, np.int64)
    _ext.em_merge_masters(np.array([5, 4, 3]), np.array([3, 2, 0]), label)
    assert label.tolist() == [0, 1, 2, 0, 2, 0, 6]
    rng = np.random.default_rng(21)
    for n, m in ((5000, 800), (300, 900), (10, 0)):
        i = rng.integers(0, n, m)
        j = rng.integers(0, n, m)
        fast, slow = both(monkeypatch, lambda: G.merge_masters(n, i, j))
        assert fast.dtype == np.int64 and np.array_equal(fast, slow)
        assert (fast <= np.arange(n)).all()
    with pytest.raises(ValueError, match="names a vertex outside 0..6"):
        _ext.em_merge_masters(np.array([1]), np.array([7]), label)
    with pytest.raises(ValueError, match="j has 2 entries"):
        _ext.em_merge_masters(np.array([1]), np.array([2, 3]), label)
    with pytest.raises(TypeError, match="i must have dtype"):
        _ext.em_merge_masters(np.array([1.0]), np.array([2]), label)


def test_kernel_keep_compacts_in_place():
    rng = np.random.default_rng(22)
    n = 2000
    drop = rng.random(n) < 0.2
    drop[0] = True
    for width, src in ((1, rng.random((3, n))), (3, rng.random((n, 3)))):
        want = src[:, ~drop] if width == 1 else src[~drop]
        kept = n - int(drop.sum())
        shape = (3, kept) if width == 1 else (kept, 3)
        out = T._kept_out(src, shape, True)
        assert np.shares_memory(out, src)
        got = T._compress(src, drop, width, out)
        assert np.array_equal(got, want)
        assert not np.shares_memory(T._kept_out(src, shape, False), src)


def test_unshared_sees_every_other_holder():
    d = {"a": np.ones((3, 10)), "b": M.fresh_empty((3, 100000))}
    assert T.unshared(d, "a") and T.unshared(d, "b")
    held = d["a"]
    assert not T.unshared(d, "a")
    del held
    view = d["b"][1]
    assert not T.unshared(d, "b")
    del view
    raw = d["b"].base
    assert not T.unshared(d, "b")
    del raw
    assert T.unshared(d, "b")
    d["c"] = np.ones(4)[::2]
    d["e"] = np.ones(3, np.int64)
    d["f"] = np.ones(3)
    d["f"].flags.writeable = False
    assert not any(T.unshared(d, k) for k in "cef")


def test_merge_keeps_arrays_a_caller_holds(monkeypatch):
    import exoslab.exomerge as em
    m = _model_two_blocks(em)
    held = m._node_fields["temp"]
    before = held.copy()
    coords = m._coords
    xyz = coords.copy()
    m.merge_nodes(suppress_warnings=True)
    # the caller's arrays are untouched; the model's are compacted
    assert np.array_equal(held, before) and np.array_equal(coords, xyz)
    alone = _model_two_blocks(em)
    alone.merge_nodes(suppress_warnings=True)
    assert np.array_equal(alone._node_fields["temp"], m._node_fields["temp"])
    assert np.array_equal(alone._coords, m._coords)
    assert len(m._coords) == len(xyz) - 7 * 7


def test_kernel_expand_scheme_by_hand_and_errors():
    conn = np.array([[10, 11, 12], [20, 21, 22]], np.int64)
    local = np.array([[0, 1], [2, 3]], np.int64)
    code = np.array([[0, -1], [2, -2]], np.int64)
    out = np.empty((4, 2), np.int64)
    _ext.em_expand_scheme(conn, local, code, None, 100, out)
    assert out.tolist() == [[10, 100], [12, 101], [20, 102], [22, 103]]
    table = np.arange(30, dtype=np.int64) * 2
    _ext.em_expand_scheme(conn, local, code, table, 100, out)
    assert out.tolist() == [[20, 100], [24, 101], [40, 102], [44, 103]]
    with pytest.raises(ValueError, match="outside the table"):
        _ext.em_expand_scheme(conn, local, code, table[:21], 0, out)
    with pytest.raises(ValueError, match="code entry 3 outside"):
        _ext.em_expand_scheme(conn, local, np.array([[3, 0]]), None, 0,
                              np.empty((2, 2), np.int64))
    with pytest.raises(ValueError, match="code entry -3 outside"):
        _ext.em_expand_scheme(conn, local, np.array([[-3, 0]]), None, 0,
                              np.empty((2, 2), np.int64))
    with pytest.raises(ValueError, match="out has 3 entries along axis 0"):
        _ext.em_expand_scheme(conn, local, code, None, 0,
                              np.empty((3, 2), np.int64))


def test_kernel_hex_to_tet_equals_numpy(monkeypatch):
    import exoslab.exomerge as em

    def run():
        m = _model_two_blocks(em, 4)
        m.create_node_set(5, list(range(0, 40, 3)))
        m.convert_hex8_block_to_tet4_block(1)
        return (np.array(m.get_coords_array()),
                {b: np.array(m.get_connectivity(b))
                 for b in m.get_element_block_ids()},
                np.array([m.get_node_field_values("temp", t)
                          for t in m.get_timesteps()]),
                sorted(m.get_node_set_members(5)))
    fast, slow = both(monkeypatch, run)
    assert np.array_equal(fast[0], slow[0])
    assert fast[1].keys() == slow[1].keys()
    for b in fast[1]:
        assert np.array_equal(fast[1][b], slow[1][b])
    assert np.array_equal(fast[2], slow[2]) and fast[3] == slow[3]
    assert len(fast[1][1]) == 4 * 4 * 2 * 24 * 4


def test_rows_group_row_wise_equals_column_wise():
    rng = np.random.default_rng(23)
    rows = rng.integers(-1, 6, (4000, 8)).astype(np.int64)
    # many rows tied on the packed first three columns, some whole rows
    # repeated
    tied = rows[1::3]
    tied[:, :3] = rows[0::3][:len(tied), :3]
    again = rows[5::7]
    again[...] = rows[4::7][:len(again)]
    cols = list(rows.T)
    a = T._rows_group_one_key(cols, rows)
    b = T._rows_group_one_key(cols)
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
    assert a[2] == b[2] == len(np.unique(rows, axis=0))
    want = np.lexsort(rows.T[::-1])
    assert np.array_equal(rows[a[0]], rows[want])


@pytest.mark.parametrize("expression", [
    "t2 = temp * 2 + sqrt(X ^ 2 + 1)",
    "t3 = g * time + min(X, Y, Z) - max(temp, 0.5) / (1 + Z)",
    "t4 = (temp > 1.5) * atan2(Y, X + 1) + exp(-Z) % 0.3",
    "t5 = time",
    "t6 = 2.5",
    "t7 = X if Y > 0.5 else -temp",
])
def test_node_field_in_slabs_equals_whole_arrays(monkeypatch, expression):
    import exoslab.exomerge as em
    from exoslab import _em_fields as F

    def run(slab):
        monkeypatch.setattr(F, "EXPR_SLAB", slab)
        m = _model_two_blocks(em, 8)
        m.create_global_variable("g", 0.0)
        m.calculate_global_variable("g = time * 3 + 1")
        m.calculate_node_field(expression)
        name = expression.split("=")[0].strip()
        return np.array([m.get_node_field_values(name, t)
                         for t in m.get_timesteps()])
    n = 2 * 9 * 9 * 5
    whole = run(10 ** 9)
    slabs = run(37)             # 37 does not divide the node count
    assert slabs.shape == whole.shape == (3, n)
    assert np.array_equal(slabs, whole, equal_nan=True)
    if expression.startswith("t5"):
        assert (slabs == np.array([[0.0], [1.0], [2.0]])).all()


# -- the VRML text formatter ------------------------------------------------
def test_format_values_is_str_of_each_value():
    fmt = _ext.em_format_values
    rng = np.random.default_rng(7)
    tricky = [0.0, -0.0, 1.0, -2.5, 0.1, 1e-5, 1e-4, 1e15, 1e16, 1e16 + 2,
              123456789012345680.0, 5e-324, 2.2250738585072014e-308,
              1.7976931308623157e308, -1.2345678901234567e-300, 1 / 3.0,
              float("inf"), -float("inf"), float("nan")]
    # random bit patterns cover every exponent and 17-digit mantissas
    bits = rng.integers(0, 2 ** 63, 4000, dtype=np.int64).view(np.float64)
    for values in (np.array(tricky), bits, rng.normal(size=1000) * 1e3):
        assert fmt(values, ",") == "".join(
            repr(x) + "," for x in values.tolist()).encode()
    ints = np.array([0, 7, -1, 10, -10, 99, 1000000, 2 ** 63 - 1, -2 ** 63,
                     -(2 ** 63) + 1], dtype=np.int64)
    ints = np.concatenate([ints, rng.integers(-2 ** 62, 2 ** 62, 1000)])
    assert fmt(ints, " ") == "".join(
        str(x) + " " for x in ints.tolist()).encode()
    assert fmt(np.array([1.5, -2.0]), ";") == b"1.5;-2.0;"
    assert fmt(np.array([3, -1], dtype=np.int64), ",") == b"3,-1,"
    assert fmt(np.zeros(0), ",") == b""


def test_format_values_short_decimals_are_str():
    """The kernel's own path for short decimals in fixed notation (the
    rest goes to Python's repr code): decimals of 1 to 16 digits at every
    scale it takes and past its edges, their neighbouring doubles (which
    need 16-17 digits), sums of grid values, powers of two and ten."""
    fmt = _ext.em_format_values
    rng = np.random.default_rng(11)
    parts = []
    for digits in range(1, 17):
        m = rng.integers(1, 10 ** digits, 3000)
        parts.append(m / 10.0 ** rng.integers(0, 21, 3000))
    short = np.concatenate(parts)
    grid = np.linspace(0.0, 1.0, 41)
    sums = (grid[:, None] * 0.25 + grid[None, :] * 0.25).ravel() + 1.0
    edges = np.array([1e-4, 1e-4 * (1 - 1e-16), 9.999999999999999e-05,
                      1e15, 999999999999999.9, 1e15 - 1, 2.0 ** 53,
                      2.0 ** 52 + 0.5, 0.5, 0.25, 1024.0, 0.1, 0.2, 0.3,
                      0.30000000000000004, 2.675, 1.005, 100.0, 1e14])
    for values in (short, np.nextafter(short, np.inf),
                   np.nextafter(short, -np.inf), sums, edges,
                   2.0 ** np.arange(-20, 60), 10.0 ** np.arange(-6, 17)):
        values = np.concatenate([values, -values])
        assert fmt(values, ",") == "".join(
            repr(x) + "," for x in values.tolist()).encode()


def test_cut_triangles_kernel_equals_numpy(monkeypatch):
    """One contour cut by em_cut_triangles and by the numpy code: the same
    pieces in the same order and the same new points, bit for bit, with
    values on the bound (every crossing case), shared edges and several
    chunks of rows."""
    from exoslab import _em_output as O
    rng = np.random.default_rng(13)
    n = 400
    rows = rng.normal(size=(n, 7))
    rows[:, 6] = rng.integers(-3, 4, n) * 0.5   # many values on a bound
    tris = rng.integers(0, n, (3000, 3))
    tris = tris[(tris[:, 0] != tris[:, 1]) & (tris[:, 1] != tris[:, 2]) &
                (tris[:, 2] != tris[:, 0])]

    def cut(on, bound):
        monkeypatch.setattr(K, "ENABLED", on)
        payload = O.Rows(rows[:250].copy())
        payload.append(rows[250:].copy())
        below, above = O.cut_triangles(tris, payload, bound)
        return below, above, np.concatenate(payload.chunks)
    for bound in (0.0, 0.5, 0.25, -1.7, 3.0):
        want, got = cut(False, bound), cut(True, bound)
        for w, g in zip(want, got):
            assert w.shape == g.shape and np.array_equal(w, g), bound
    monkeypatch.setattr(K, "ENABLED", True)
    with pytest.raises(ValueError, match="outside"):
        _ext.em_cut_triangles(np.array([[0, 1, 5]]), np.zeros(3), 0.0, 3)
    with pytest.raises(RuntimeError, match="unknown contour case"):
        _ext.em_cut_triangles(np.array([[0, 1, 2]]),
                              np.array([np.nan, -1.0, 1.0]), 0.0, 3)


def test_format_values_refuses_bad_input():
    fmt = _ext.em_format_values
    with pytest.raises(TypeError, match="numpy array"):
        fmt([1.0, 2.0], ",")
    with pytest.raises(TypeError, match="dtype"):
        fmt(np.zeros(3, dtype=np.float32), ",")
    with pytest.raises(ValueError, match="dimension"):
        fmt(np.zeros((2, 2)), ",")
    with pytest.raises(ValueError, match="C-contiguous"):
        fmt(np.zeros(6)[::2], ",")
    with pytest.raises(ValueError, match="one character"):
        fmt(np.zeros(2), ", ")


def test_wrl_text_in_slabs_equals_one_slab(monkeypatch, tmp_path):
    from exoslab import _em_output as O
    rng = np.random.default_rng(3)
    points = rng.normal(size=(41, 3)) * 10.0 ** rng.integers(-8, 20, (41, 1))
    tris = rng.integers(0, 41, (29, 3))
    labels = rng.integers(0, 3, 29).astype(float)
    colors = [(0.0, 0.0, 1.0), (0.5, 1, 0), (1.0, 0.0, 0.0)]

    def text(slab, on):
        monkeypatch.setattr(O, "WRL_SLAB", slab)
        monkeypatch.setattr(K, "ENABLED", on)
        path = tmp_path / "t.wrl"
        O.write_wrl(str(path), points, tris, colors, labels)
        return path.read_bytes()
    whole = text(1 << 16, True)
    # hand-composed: every coordinate and index as str() writes it
    pts = "".join(repr(x) + "," for x in points.ravel().tolist())
    idx = "".join("%d,%d,%d,-1," % tuple(t) for t in tris.tolist())
    assert ("        point [\n" + pts + "\n        ]\n").encode() in whole
    assert ("      coordIndex [\n" + idx + "\n      ]\n").encode() in whole
    assert b"          0.5 1 0,\n" in whole
    assert ("      colorIndex [\n        " +
            ",".join(str(int(x)) for x in labels) +
            "\n      ]\n").encode() in whole
    for slab in (1, 4, 7, 40):
        for on in (True, False):
            assert text(slab, on) == whole, (slab, on)
    # no triangles: the lists are empty
    O.write_wrl(str(tmp_path / "e.wrl"), np.zeros((0, 3)),
                np.zeros((0, 3), np.int64), colors[:1], np.zeros(0))
    e = (tmp_path / "e.wrl").read_text()
    assert "point [\n\n        ]" in e and "colorIndex [\n        \n" in e


def test_stl_in_slabs_equals_one_slab(monkeypatch, tmp_path):
    from exoslab import _em_output as O
    rng = np.random.default_rng(5)
    tris = rng.normal(size=(23, 3, 3))
    tris[4] = tris[4, 0]            # degenerate: zero normal
    files = []
    for slab in (1 << 16, 1, 7):
        monkeypatch.setattr(O, "STL_SLAB", slab)
        path = tmp_path / ("%d.stl" % slab)
        O.write_stl(str(path), tris)
        files.append(path.read_bytes())
    assert files[1] == files[0] and files[2] == files[0]
    assert len(files[0]) == 84 + 50 * 23
    normals, back = O.read_stl(str(tmp_path / "7.stl"))
    np.testing.assert_allclose(back, tris.astype(np.float32))
    assert normals[4].tolist() == [0.0, 0.0, 0.0]
    n = np.cross(tris[0, 1] - tris[0, 0], tris[0, 2] - tris[0, 0])
    np.testing.assert_allclose(normals[0], n / np.linalg.norm(n), rtol=1e-6)
