"""exomerge operations on exoslab.exomerge.ExodusModel, checked against
values worked out by hand on small meshes (unit cubes, two blocks).
Run: /usr/bin/python3 -m pytest tests/python/test_exomerge_ops_model.py"""
import math
import warnings

import numpy as np
import pytest

em = pytest.importorskip("exoslab.exomerge")
from exoslab import _em_output  # noqa: E402


@pytest.fixture(autouse=True)
def quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        yield


def cube(divisions=2, extents=1.0, block=1, model=None):
    m = model or em.ExodusModel()
    m.build_hex8_cube(block, extents, divisions)
    return m


def two_cubes(steps=(0.0, 1.0)):
    """Unit cubes [0,1]^3 (block 1) and [1,2]x[0,1]^2 (block 2), 2x2x2
    elements each, their 9 touching nodes not merged."""
    m = cube()
    m.build_hex8_cube(2, [[1.0, 2.0], [0.0, 1.0], [0.0, 1.0]], 2)
    for t in steps:
        m.create_timestep(t)
    return m


def coords(m):
    return np.asarray(m._coords)


# -- geometry -----------------------------------------------------------------
def test_translate_scale_rotate_geometry():
    m = cube(1)
    m.translate_geometry([1, 2, 3])
    assert coords(m).min(axis=0).tolist() == [1, 2, 3]
    m.scale_geometry(2)
    assert coords(m).max(axis=0).tolist() == [4, 6, 8]
    m2 = cube(1)
    m2.rotate_geometry([0, 0, 1], 90)
    # (1, 0, 0) -> (0, 1, 0); exact for multiples of 90 degrees
    assert [0.0, 1.0, 0.0] in coords(m2).tolist()
    assert coords(m2)[:, 0].min() == -1.0


def test_displacement_field_follows_scale_and_rotation():
    m = cube(1)
    m.create_timestep(0.0)
    assert not m.displacement_field_exists()
    m.create_displacement_field()
    assert m.displacement_field_exists()
    assert sorted(m.get_node_field_names()) == ["disp_x", "disp_y", "disp_z"]
    m.calculate_node_field("disp_x = 1")
    m.scale_geometry(3)
    assert np.all(m.get_node_field_values("disp_x") == 3.0)
    m.rotate_geometry([0, 0, 1], 90)
    assert np.allclose(m.get_node_field_values("disp_x"), 0.0)
    assert np.allclose(m.get_node_field_values("disp_y"), 3.0)


def test_block_transforms_and_shared_node_error():
    m = two_cubes()
    m.translate_element_blocks(2, [1, 0, 0])
    assert coords(m)[np.unique(m.get_connectivity(2))][:, 0].min() == 2.0
    m.scale_element_blocks(1, 0.5)
    assert coords(m)[np.unique(m.get_connectivity(1))].max() == 0.5
    m.rotate_element_blocks(1, [0, 0, 1], 180)
    assert coords(m)[np.unique(m.get_connectivity(1))][:, 0].min() == -0.5
    m.displace_element_blocks(2, [0, 0, 1])
    assert m.get_node_field_values("disp_z").max() == 1.0
    assert m.get_node_field_values("disp_z").sum() == 27.0
    m.merge_nodes(0.0)   # nothing coincides any more
    m3 = two_cubes()
    m3.merge_nodes()
    with pytest.raises(SystemExit):
        m3.translate_element_blocks(2, [1, 0, 0])


def test_reflect_element_blocks_uninverts():
    m = cube(1)
    m.reflect_element_blocks(1, [0, 0, 0], [1, 0, 0])
    assert coords(m)[:, 0].min() == -1.0
    assert m.get_element_block_volume(1) == pytest.approx(1.0)


def test_length_scale_and_closest_distance():
    m = cube(4, extents=2.0)
    assert m.get_length_scale() == 2.0
    assert m.get_closest_node_distance() == pytest.approx(0.5)
    m.translate_geometry([-5, 0, 0])
    assert m.get_length_scale() == 5.0


# -- metrics ------------------------------------------------------------------
def test_volumes_centroids_extents_edges():
    m = cube(2)
    m.calculate_element_volumes()
    assert m.get_timesteps() == [0.0]
    assert np.allclose(m.get_element_field_values("volume", 1), 0.125)
    m.calculate_element_centroids()
    cx = np.asarray(m.get_element_field_values("centroid_x", 1))
    assert sorted(set(cx.tolist())) == [0.25, 0.75]
    assert m.get_element_block_volume("all") == pytest.approx(1.0)
    assert m.get_element_block_centroid("all") == pytest.approx([0.5] * 3)
    assert m.get_element_block_extents() == [[0, 1], [0, 1], [0, 1]]
    assert m.get_element_edge_length_info() == pytest.approx([0.5, 0.5])
    assert m.get_element_block_dimension(1) == 3


def test_degenerate_and_disconnected_counts():
    m = two_cubes()
    assert m.count_disconnected_blocks() == 2
    m.merge_nodes()
    assert m.count_disconnected_blocks() == 1
    assert m.count_degenerate_elements() == 0
    m.create_element_block(5, ["hex8", 1, 8, 0], [0, 0, 1, 2, 3, 4, 5, 6])
    assert m.count_degenerate_elements() == 1


def test_side_set_area():
    m = cube(2)
    m.create_side_set_from_expression(1, "Y == 0")
    assert m.get_side_set_members(1).shape == (4, 3)
    assert m.get_side_set_area(1) == pytest.approx(1.0)


# -- topology -----------------------------------------------------------------
def test_merge_nodes_two_cubes():
    m = two_cubes()
    m.calculate_node_field("temp = X")
    m.create_node_set(1, list(range(27, 54)))      # all of block 2's nodes
    m.merge_nodes()
    assert len(coords(m)) == 45
    # merged nodes keep the lowest index: block 2's x=1 face now uses
    # block 1's x=1 nodes
    conn2 = np.asarray(m.get_connectivity(2))
    assert coords(m)[conn2][:, 0].min() == 1.0
    assert np.allclose(m.get_node_field_values("temp"), coords(m)[:, 0])
    members = np.asarray(m.get_node_set_members(1))
    assert len(members) == 27 and coords(m)[members][:, 0].min() == 1.0


def test_merge_nodes_averages_and_warns():
    m = two_cubes(steps=(0.0,))
    m.calculate_node_field("v = 0")
    values = np.asarray(m._node_fields["v"])
    values[0, 27:] = 1.0                       # block 2 disagrees on x = 1
    with pytest.warns(UserWarning, match="do not match"):
        m.merge_nodes()
    v = np.asarray(m.get_node_field_values("v"))
    x = coords(m)[:, 0]
    assert np.all(v[x == 1.0] == 0.5)
    assert np.all(v[x < 1.0] == 0.0) and np.all(v[x > 1.0] == 1.0)


def test_delete_unused_and_duplicate_elements():
    m = cube(1)
    m.create_nodes([[5, 5, 5]])
    m.delete_unused_nodes()
    assert len(coords(m)) == 8
    m.duplicate_element_block(1, 2, duplicate_nodes=False)
    m.combine_element_blocks([1, 2], 1)
    assert m.get_element_count(1) == 2
    m.delete_duplicate_elements()
    assert m.get_element_count(1) == 1


def test_duplicate_unmerge_combine():
    m = two_cubes()
    m.merge_nodes()
    m.create_side_set(3, [(2, 0, 0)])
    m.duplicate_element_block(2, 7)
    assert len(coords(m)) == 45 + 27
    assert m.get_side_set_members(3).tolist() == [[2, 0, 0], [7, 0, 0]]
    m.unmerge_element_blocks([1, 2])
    assert len(coords(m)) == 72 + 9
    assert len(np.intersect1d(m.get_connectivity(1),
                              m.get_connectivity(2))) == 0
    m.combine_element_blocks([2, 7])
    assert m.get_element_block_ids() == [1, 2]
    assert m.get_element_count(2) == 16
    assert m.get_side_set_members(3).tolist() == [[2, 0, 0], [2, 8, 0]]


def test_threshold_element_blocks():
    m = cube(2)
    m.calculate_element_centroids()
    m.threshold_element_blocks("centroid_x > 0.5")
    assert m.get_element_count(1) == 4
    assert len(coords(m)) == 18                # the x = 0 plane is gone
    m2 = cube(2)
    m2.calculate_element_centroids()
    m2.threshold_element_blocks("centroid_z < 0.5", new_element_block_id=9)
    assert m2.get_element_count(1) == 4 and m2.get_element_count(9) == 4


def test_make_quadratic_then_linear():
    m = cube(2)
    m.create_timestep(0.0)
    m.calculate_node_field("t = X + Y")
    m.create_side_set(1, [(1, 0, 4)])
    m.make_elements_quadratic()
    assert m._get_element_type(1) == "hex20"
    # 27 corners + 54 edge midpoints of a 2x2x2 grid
    assert len(coords(m)) == 81
    t = np.asarray(m.get_node_field_values("t"))
    assert np.allclose(t, coords(m)[:, 0] + coords(m)[:, 1])
    assert m.get_side_set_members(1).tolist() == [[1, 0, 4]]
    m.make_elements_linear()
    assert m._get_element_type(1) == "hex8" and len(coords(m)) == 27
    assert m.get_element_block_volume(1) == pytest.approx(1.0)


def test_convert_element_blocks_wedge():
    m = em.ExodusModel()
    m.create_nodes([[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 1],
                    [0, 1, 1]])
    m.create_element_block(1, ["wedge6", 1, 6, 0], list(range(6)))
    m.convert_element_blocks(1, "wedge16")
    assert m.get_nodes_per_element(1) == 16
    assert len(coords(m)) == 6 + 9 + 1
    assert coords(m)[m.get_connectivity(1)[15]].tolist() == pytest.approx(
        [1 / 3, 1 / 3, 0.5])


def test_hex8_to_tet4():
    m = cube(1)
    m.create_side_set(1, [(1, 0, 4)])           # the z = 0 face
    m.convert_hex8_block_to_tet4_block(1)
    assert m.get_element_count(1) == 24
    # 8 corners, 6 face centres, 1 centre
    assert len(coords(m)) == 15
    assert m.get_element_block_volume(1) == pytest.approx(1.0)
    vol = []
    m.calculate_element_volumes()
    vol = np.asarray(m.get_element_field_values("volume", 1))
    assert np.allclose(vol, 1 / 24)
    assert m.get_side_set_area(1) == pytest.approx(1.0)
    assert len(m.get_side_set_members(1)) == 4


def test_build_cube_and_node_queries():
    m = cube(3, extents=[[0.0, 3.0], 1.0, [2.0, 4.0]])
    assert len(coords(m)) == 64 and m.get_element_count() == 27
    assert m.get_element_block_extents() == [[0, 3], [0, 1], [2, 4]]
    assert m.get_nodes_in_element_block(1) == list(range(64))
    assert np.array_equal(m.get_element_block_connectivity(1),
                          m.get_connectivity(1))
    m.create_side_set_from_expression(1, "Z == 2")
    assert len(m.get_nodes_in_side_set(1)) == 16


# -- sets ---------------------------------------------------------------------
def test_side_sets_node_sets():
    m = cube(2)
    m.create_side_set_from_expression(1, "X == 0 || X == 1")
    assert len(m.get_side_set_members(1)) == 8
    m.create_side_set_from_expression(2, "X == 0 && Y <= 0.5")
    assert len(m.get_side_set_members(2)) == 2
    with pytest.warns(UserWarning, match="Empty side set"):
        m.create_side_set_from_expression(3, "X > 5")
    m.create_node_set_from_side_set(4, 2)
    assert len(m.get_node_set_members(4)) == 6
    m.create_timestep(0.0)
    m.create_node_set_field("f", 4, 2.0)
    with pytest.warns(UserWarning, match="Duplicates"):
        m.add_nodes_to_node_set(4, [0, 26])
    assert len(m.get_node_set_members(4)) == 7
    assert np.isnan(m.get_node_set_field_values("f", 4)[-1])
    m.add_faces_to_side_set(2, [(1, 7, 5)])
    assert m.get_side_set_members(2).tolist()[-1] == [1, 7, 5]
    m.create_node_set(9, [])
    m.delete_empty_side_sets()
    m.delete_empty_node_sets()
    assert m.get_side_set_ids() == [1, 2] and m.get_node_set_ids() == [4]


# -- fields and expressions ---------------------------------------------------
def test_calculate_fields():
    m = two_cubes()
    m.create_global_variable("g", 2.0)
    m.calculate_global_variable("h = g * time + 1")
    assert list(m._global_variables["h"]) == [1.0, 3.0]
    m.calculate_node_field("t = X ^ 2 + time")
    t = np.asarray(m._node_fields["t"])
    assert np.allclose(t[1], coords(m)[:, 0] ** 2 + 1)
    m.calculate_element_field("e = h * 10")
    assert np.all(np.asarray(m.get_element_field_values("e", 2, 1.0)) == 30)
    m.create_node_set(1, [0, 1])
    m.calculate_node_set_field("ns = t + Y")
    assert m.get_node_set_field_values("ns", 1, 0.0).tolist() == [0.0, 0.25]
    m.create_side_set(2, [(1, 0, 0)])
    m.calculate_side_set_field("ss = h - 1")
    assert m.get_side_set_field_values("ss", 2, 1.0).tolist() == [2.0]


def test_expression_errors():
    m = cube(1)
    m.create_timestep(0.0)
    with pytest.raises(SystemExit):
        m.calculate_node_field("t = nope * 2")
    with pytest.raises(ValueError, match="unknown name 'nope'"):
        m.calculate_node_field("t = nope * 2")
    with pytest.raises(ValueError, match='"=" sign'):
        m.calculate_node_field("X * 2")


def test_extremes():
    m = two_cubes()
    m.calculate_node_field("t = X + 10 * time")
    m.calculate_node_field_maximum("t", calculate_location=True)
    assert list(m._global_variables["t_max"]) == [2.0, 12.0]
    assert m._global_variables["t_max_x"][1] == 2.0
    m.calculate_node_field_minimum("t", element_block_ids=2)
    assert list(m._global_variables["t_min"]) == [1.0, 11.0]
    m.calculate_element_centroids()
    m.calculate_element_field_maximum("centroid_x", calculate_block_id=True,
                                      calculate_location=True)
    assert list(m._global_variables["centroid_x_max"]) == [1.75, 1.75]
    assert list(m._global_variables["centroid_x_max_block_id"]) == [2, 2]
    m.calculate_element_field_minimum("centroid_y")
    assert list(m._global_variables["centroid_y_min"]) == [0.25, 0.25]


def test_averages_and_conversions():
    m = two_cubes(steps=(0.0,))
    m.calculate_element_centroids()
    m.create_averaged_element_field(["centroid_x", "centroid_y"], "avg")
    a = np.asarray(m.get_element_field_values("avg", 1))
    cx = np.asarray(m.get_element_field_values("centroid_x", 1))
    cy = np.asarray(m.get_element_field_values("centroid_y", 1))
    assert np.allclose(a, (cx + cy) / 2)
    m.merge_nodes()
    m.convert_element_field_to_node_field("centroid_x", "cxn")
    v = np.asarray(m.get_node_field_values("cxn"))
    x = coords(m)[:, 0]
    assert np.allclose(v[x == 0.0], 0.25) and np.allclose(v[x == 1.0], 1.0)
    m.calculate_node_field("xn = X")
    m.convert_node_field_to_element_field("xn", "xe")
    assert np.allclose(m.get_element_field_values("xe", 2),
                       m.get_element_field_values("centroid_x", 2))


def test_process_element_fields():
    m = cube(1)
    m.create_timestep(0.0)
    for i in range(1, 9):
        m.create_element_field("s_%d" % i, 1, float(i))
    for i in range(1, 10):
        m.create_element_field("q_%d" % i, 1, float(10 * i))
    m.process_element_fields()
    assert m.get_element_field_names() == []
    assert np.allclose(m.get_node_field_values("s"), 4.5)
    assert np.allclose(m.get_node_field_values("q"), 10.0)


def test_timestep_copy_and_interpolation():
    m = cube(1, extents=1.0)
    for t in (0.0, 1.0, 2.0, 3.0):
        m.create_timestep(t)
    m.calculate_node_field("u = 2 * time + X")
    m.create_global_variable("g")
    m.calculate_global_variable("g = time * 3")
    m.create_interpolated_timestep(0.5, interpolation="linear")
    m.create_interpolated_timestep(2.5)          # cubic, exact on lines
    assert m.get_timesteps() == [0.0, 0.5, 1.0, 2.0, 2.5, 3.0]
    u = np.asarray(m._node_fields["u"])
    assert np.allclose(u[1], 1.0 + coords(m)[:, 0])
    assert np.allclose(u[4], 5.0 + coords(m)[:, 0])
    assert m._global_variables["g"][4] == pytest.approx(7.5)
    m.copy_timestep(1.0, 10.0)
    assert m.get_timesteps()[-1] == 10.0
    assert np.array_equal(np.asarray(m._node_fields["u"])[-1], u[2])
    with pytest.raises(SystemExit):
        m.create_interpolated_timestep(20.0)


def test_to_lowercase():
    m = cube(1)
    m.create_timestep(0.0)
    m.create_node_field("TEMP")
    m.create_global_variable("Energy")
    m.create_element_field("Stress", 1)
    m.to_lowercase()
    assert m.get_node_field_names() == ["temp"]
    assert m.get_global_variable_names() == ["energy"]
    assert m.get_element_field_names() == ["stress"]


# -- output -------------------------------------------------------------------
def test_summarize_and_global_csv(capsys, tmp_path):
    m = two_cubes()
    m.create_global_variable("g", 1.5)
    m.summarize()
    out = capsys.readouterr().out
    assert "  16 elements" in out and "  54 nodes" in out
    assert "  2 timesteps" in out and "  1 global variables" in out
    m.output_global_variables()
    assert capsys.readouterr().out == "time, g\n0.0, 1.5\n1.0, 1.5\n"
    path = tmp_path / "g.csv"
    m.output_global_variables(str(path), timesteps="last")
    assert path.read_text() == "time, g\n1.0, 1.5\n"


def test_input_deck():
    m = em.ExodusModel()
    m._info_records[:] = ["header", "begin sierra x", "  a = " + "b" * 73 +
                          "\\", "c", "end sierra x", "trailer"]
    assert m.get_input_deck() == ("begin sierra x\n  a = " + "b" * 73 +
                                  "c\nend sierra x")


def test_export_stl(tmp_path):
    m = cube(2)
    path = tmp_path / "cube.stl"
    m.export_stl_file(str(path))
    normals, tris = _em_output.read_stl(str(path))
    # 24 external quads, 4 triangles each around the face centre
    assert tris.shape == (96, 3, 3)
    e1, e2 = tris[:, 1] - tris[:, 0], tris[:, 2] - tris[:, 0]
    area = 0.5 * np.linalg.norm(np.cross(e1, e2), axis=1)
    assert area.sum() == pytest.approx(6.0, rel=1e-6)
    centre = tris.mean(axis=1) - 0.5
    # outward normals
    assert np.all((normals * centre).sum(axis=1) > 0)


def test_cohesive_zone():
    m = cube(2)
    m.create_side_set(2, [(1, 0, 1), (1, 1, 1), (1, 2, 1), (1, 3, 1)])
    m.convert_side_set_to_cohesive_zone(2, 5)
    # the 9 nodes of the x = 0.5 plane are doubled
    assert len(coords(m)) == 36
    assert m._get_element_type(5) == "hex8" and m.get_element_count(5) == 4
    # the two sides no longer share nodes; each cohesive element has one
    # face on each side, at the same place (zero volume)
    left = np.unique(np.asarray(m.get_connectivity(1)).reshape(-1, 8)[:4])
    right = np.unique(np.asarray(m.get_connectivity(1)).reshape(-1, 8)[4:])
    assert len(np.intersect1d(left, right)) == 0
    assert np.allclose(coords(m)[m.get_connectivity(5)][:, 0], 0.5)
    assert m.get_element_block_volume(5) == pytest.approx(0.0)
    assert m.count_disconnected_blocks(1) == 2
    assert m.count_disconnected_blocks() == 1
    m2 = cube(2)
    m2.create_side_set(3, [(1, 0, 0)])           # an external face
    with pytest.raises(SystemExit):
        m2.convert_side_set_to_cohesive_zone(3, 5)


# -- export_wrl_model ----------------------------------------------------------
from exomerge_ops_support import parse_wrl  # noqa: E402


def _tri_areas(points, tris):
    p = points[tris]
    return 0.5 * np.linalg.norm(np.cross(p[:, 1] - p[:, 0], p[:, 2] - p[:, 0]),
                                axis=1)


def test_export_wrl_unit_cube(tmp_path):
    m = cube(divisions=1)
    m.create_timestep(0.0)
    m.calculate_node_field("f = X")
    path = tmp_path / "cube.wrl"
    m.export_wrl_model(str(path), "f", intervals=2)
    pts, tris, colors, index = parse_wrl(path)
    # 8 corners, 6 face centres, 4 points where x = 0.5 crosses the edges
    # corner-corner of the four side faces
    assert len(pts) == 18
    # 6 faces x 4 triangles; on each side face the two triangles spanning
    # x = 0 .. 1 are cut in two: 24 + 4 * 2 = 32
    assert len(tris) == 32
    assert colors.tolist() == [[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]
    assert index.tolist() == [0] * 16 + [1] * 16
    x = pts[tris][:, :, 0]
    assert (x[index == 0] <= 0.5).all() and (x[index == 1] >= 0.5).all()
    assert _tri_areas(pts, tris).sum() == pytest.approx(6.0)
    assert np.isclose(pts[:, 0], 0.5).sum() == 6 + 4 - 2
    # the model is left as it was
    assert m.get_node_count() == 8 and m.get_element_block_ids() == [1]
    copy = em.import_model(str(tmp_path / "cube_wrl.e"))
    # block ids 2 (the skin) and 3 (the cut skin), as exomerge numbers them
    assert copy.get_element_block_ids() == [3]
    assert copy._get_element_type(3) == "tri3"
    assert copy.get_element_count(3) == 32
    import exoslab
    with exoslab.open(str(tmp_path / "cube_wrl.e")) as f:
        assert list(f.element_var_names) == ["interval"]
        assert f.var("element", "interval", 3, 0).tolist() == \
            index.astype(float).tolist()


def test_export_wrl_intervals_colours_and_range(tmp_path):
    m = cube(divisions=2)
    m.create_timestep(0.0)
    m.create_timestep(1.0)
    m.calculate_node_field("f = X + time")
    path = tmp_path / "c.wrl"
    m.export_wrl_model(str(path), "f", timestep=0.0, field_range=[0.0, 1.0],
                       intervals=[0.25, 0.75], colorspace=[(1, 0, 0), (0, 1, 0),
                                                           (0, 0, 1)],
                       export_exodus_copy=False)
    assert not (tmp_path / "c_wrl.e").exists()
    pts, tris, colors, index = parse_wrl(path)
    assert colors.tolist() == [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
    x = pts[tris][:, :, 0]
    lo = [-1e-12, 0.25, 0.75]
    hi = [0.25, 0.75, 1.0 + 1e-12]
    for k in range(3):
        sel = index == k
        assert sel.any()
        assert (x[sel] >= lo[k] - 1e-12).all() and (x[sel] <= hi[k] + 1e-12).all()
        # area of the skin in each band: 2 end faces belong to bands 0, 2;
        # the 4 side faces give 4 * width
        width = hi[k] - lo[k]
        ends = 1.0 if k != 1 else 0.0
        assert _tri_areas(pts, tris[sel]).sum() == pytest.approx(
            4 * width + ends, abs=1e-9)
    # the default 9 intervals give 9 colours, blue to red
    m.export_wrl_model(str(path), "f", export_exodus_copy=False)
    _, _, colors, index = parse_wrl(path)
    assert len(colors) == 9 and set(index.tolist()) <= set(range(9))
    assert colors[0].tolist() == [0.0, 0.0, 1.0]
    assert colors[-1].tolist() == [1.0, 0.0, 0.0]


def test_export_wrl_errors(tmp_path):
    m = cube(divisions=1)
    m.create_timestep(0.0)
    m.calculate_node_field("f = 1")
    path = str(tmp_path / "e.wrl")
    with pytest.raises(SystemExit):   # constant field: empty auto range
        m.export_wrl_model(path, "f", export_exodus_copy=False)
    m.calculate_node_field("g = X")
    with pytest.raises(SystemExit):
        m.export_wrl_model(path, "g", field_range=[1.0, 0.0])
    with pytest.raises(SystemExit):
        m.export_wrl_model(path, "g", colorspace=[(1, 0, 0)],
                           export_exodus_copy=False)
    with pytest.raises(SystemExit):
        m.export_wrl_model(path, "nope")
    m.create_element_block(2, ["quad4", 1, 4, 0], [0, 1, 3, 2])
    with pytest.raises(SystemExit):   # a quad4 block is neither 3-D nor tri3
        m.export_wrl_model(path, "g", element_block_ids=[2])


def test_export_wrl_tri3_and_displacement(tmp_path):
    m = em.ExodusModel()
    # a closed tetrahedron surface of four tri3 faces, then one open triangle
    m.create_nodes([[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]])
    m.create_element_block(1, ["tri3", 4, 3, 0],
                           [0, 2, 1, 0, 1, 3, 1, 2, 3, 0, 3, 2])
    m.create_timestep(0.0)
    m.calculate_node_field("f = Z")
    m.calculate_node_field("disp_x = 10")
    m.calculate_node_field("disp_y = 0")
    m.calculate_node_field("disp_z = 0")
    path = tmp_path / "t.wrl"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        m.export_wrl_model(str(path), "f", intervals=2,
                           export_exodus_copy=False)
    pts, tris, colors, index = parse_wrl(path)
    # the block runs on a copy of its 4 nodes; z = 0.5 cuts the three edges
    # to the apex
    assert len(pts) == 4 + 4 + 3
    assert pts[4:, 0].min() == pytest.approx(10.0)   # displaced by disp_x
    assert _tri_areas(pts, tris).sum() == pytest.approx(1.5 + 0.75 ** 0.5)
    m.create_element_block(2, ["tri3", 1, 3, 0], [0, 1, 3])
    with pytest.warns(UserWarning, match="watertight"):
        m.export_wrl_model(str(path), "f", element_block_ids=[2],
                           intervals=2, export_exodus_copy=False)
    pts, tris, _, _ = parse_wrl(path)
    # z = 0.5 cuts the triangle (0,0,0) (1,0,0) (0,0,1): two below, one above
    assert len(tris) == 2 + 1 and pts[tris][..., 0].min() == pytest.approx(10.0)


def test_merge_nodes_with_a_block_duplicated_onto_its_nodes():
    import warnings as _w
    m = em.ExodusModel()
    m.build_hex8_cube(1, 1.0, 2)
    m.build_hex8_cube(2, [[1.0, 2.0], [0.0, 1.0], [0.0, 1.0]], 2)
    with _w.catch_warnings():
        _w.simplefilter("ignore")
        m.duplicate_element_block(2, 3, duplicate_nodes=False)
    conn = lambda b: np.asarray(m.get_connectivity(b)).tolist()  # noqa
    before = [m.get_nodes()[i].tolist() for i in conn(3)]
    m.merge_nodes()
    assert len(m.get_nodes()) == 2 * 27 - 9
    assert conn(2) == conn(3)
    assert [m.get_nodes()[i].tolist() for i in conn(3)] == before
    assert max(conn(1) + conn(3)) < 45
