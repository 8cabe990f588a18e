"""Writing through the binding: every definition and bulk write, read back
by the binding and by netCDF4-python (Exodus naming), in every container
format; and the errors bad writes raise."""
import numpy as np
import pytest

import exoslab
from conftest import compare_with, nc_reference_of

# Two hexes sharing a face, on a 3 x 2 x 2 grid of nodes.
XYZ = np.array([[x, y, z] for z in (0.0, 1.0) for y in (0.0, 1.0)
                for x in (0.0, 1.0, 2.0)])
HEX = np.array([[1, 2, 5, 4, 7, 8, 11, 10], [2, 3, 6, 5, 8, 9, 12, 11]])
QUAD = np.array([[1, 2, 8, 7]])
EDGES = np.array([[1, 2], [2, 3], [3, 6]])
FACE = np.array([[1, 2, 5, 4]])
TIMES = [0.0, 0.5, 1.0]


def nodal(step):
    return np.arange(12) * 10.0 + step


def write_sample(path, **create_args):
    """A file with one of everything the API can write."""
    with exoslab.create(path, clobber=True, **create_args) as f:
        f.def_mesh("round trip", 3, len(XYZ))
        f.def_block(1, "HEX8", 2, 8, num_attr=2, name="hexes")
        f.def_block(2, "QUAD4", 1, 4, name="skin")
        f.def_block(100, "BAR2", 3, 2, kind="edge_block", name="edges")
        f.def_block(200, "QUAD4", 1, 4, kind="face_block")
        f.def_set("node_set", 10, 3, 3, name="left")
        f.def_set("side_set", 20, 2, 0, name="bottom")
        f.def_set("elem_set", 30, 1)
        f.def_set("edge_set", 40, 2)
        f.def_set("face_set", 50, 1)
        f.def_map("node_map", 7, name="original")
        f.def_prop("elem_block", "MATL")
        f.def_vars("global", ["energy", "mass"])
        f.def_vars("nodal", ["temp"])
        f.def_vars("elem_block", ["stress", "strain"])
        f.def_truth("elem_block", [[1, 1], [1, 0]])
        f.def_vars("node_set", ["flux"])
        f.put_qa([("exoslab", "0.1", "2024-01-01", "12:00:00")])
        f.put_info(["line one", "line two"])
        f.put_coord_names(["x", "y", "z"])
        f.put_coords(XYZ)
        f.put_connectivity(1, HEX)
        f.put_connectivity(2, QUAD.astype(np.int32))
        f.put_connectivity(100, EDGES, kind="edge_block")
        f.put_connectivity(200, FACE.ravel(), kind="face_block")
        f.put_attributes(1, [[1.0, 2.0], [3.0, 4.0]])
        f.put_attr_names(1, ["thickness", "angle"])
        f.put_prop("elem_block", 1, "MATL", 5)
        f.put_node_set(10, [1, 4, 7])
        f.put_dist_factors("node_set", 10, [1.0, 2.0, 3.0])
        f.put_side_set(20, [1, 2], [5, 5])
        f.put_set("elem_set", 30, [2])
        f.put_set("edge_set", 40, [1, 3], [0, 1])
        f.put_set("face_set", 50, [1], [1])
        f.put_id_map("node", np.arange(1001, 1013))
        f.put_id_map("elem", [11, 12, 13])
        f.put_map("node_map", 7, np.arange(101, 113))
        for step, t in enumerate(TIMES):
            f.put_time(step, t)
            f.put_global_vars(step, [step * 1.5, 2.0])
            f.put_nodal("temp", step, nodal(step))
            f.put_element("stress", 1, step, [step, -step])
            f.put_element("strain", 1, step, np.array([0.1, 0.2], np.float32))
            f.put_element("stress", 2, step, [7.0])
            f.put_var("node_set", "flux", 10, step, [1.0, 2.0, 3.0 + step])


def check_sample(f):
    assert f.title == "round trip"
    np.testing.assert_array_equal(f.coords(), XYZ)
    assert f.coord_names == ["x", "y", "z"]
    assert list(f.blocks) == [1, 2]
    assert f.blocks[1].name == "hexes" and f.blocks[1].topology == "HEX"
    np.testing.assert_array_equal(f.connectivity(1), HEX)
    np.testing.assert_array_equal(f.connectivity(2), QUAD)
    np.testing.assert_array_equal(f.connectivity(100, kind="edge_block"), EDGES)
    np.testing.assert_array_equal(f.connectivity(200, kind="face_block"), FACE)
    np.testing.assert_array_equal(f.attributes(1), [[1.0, 2.0], [3.0, 4.0]])
    assert f.attribute_names(1) == ["thickness", "angle"]
    assert f.prop("elem_block", 1, "MATL") == 5
    np.testing.assert_array_equal(f.node_set(10), [1, 4, 7])
    np.testing.assert_array_equal(f.dist_factors("node_set", 10), [1, 2, 3])
    assert f.node_sets[10].name == "left"
    elems, sides = f.side_set(20)
    np.testing.assert_array_equal(elems, [1, 2])
    np.testing.assert_array_equal(sides, [5, 5])
    np.testing.assert_array_equal(f.elem_set(30), [2])
    np.testing.assert_array_equal(f.set("edge_set", 40)[1], [0, 1])
    np.testing.assert_array_equal(f.set("face_set", 50)[0], [1])
    np.testing.assert_array_equal(f.id_map("node"), np.arange(1001, 1013))
    np.testing.assert_array_equal(f.id_map("elem"), [11, 12, 13])
    np.testing.assert_array_equal(f.map("node_map", 7), np.arange(101, 113))
    assert f.node_maps[7].name == "original"
    assert f.qa_records == [("exoslab", "0.1", "2024-01-01", "12:00:00")]
    assert f.info_records == ["line one", "line two"]
    np.testing.assert_array_equal(f.times, TIMES)
    assert f.global_var_names == ["energy", "mass"]
    np.testing.assert_array_equal(f.truth_table("elem_block"), [[1, 1], [1, 0]])
    for step in range(3):
        np.testing.assert_array_equal(f.global_vars(step), [step * 1.5, 2.0])
        np.testing.assert_array_equal(f.nodal("temp", step), nodal(step))
        np.testing.assert_array_equal(f.element("stress", 1, step), [step, -step])
        np.testing.assert_allclose(f.element("strain", 1, step), [0.1, 0.2],
                                   rtol=1e-7 if f.float_size == 8 else 1e-6)
        np.testing.assert_array_equal(f.var("node_set", "flux", 10, step),
                                      [1.0, 2.0, 3.0 + step])
    with pytest.raises(KeyError):
        f.element("strain", 2, 0)      # not stored (truth table)


FORMATS = ["cdf1", "cdf2", "cdf5", "nc4", "nc4classic"]


@pytest.mark.parametrize("int64", [False, True], ids=["int32", "int64"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip(tmp, fmt, int64):
    if int64 and fmt in ("cdf1", "cdf2", "nc4classic"):
        pytest.skip("int64 data needs CDF-5 or netCDF-4")
    path = tmp / f"rt-{fmt}-{int64}.exo"
    write_sample(path, format=fmt, int64=int64)
    with exoslab.open(path) as f:
        assert f.format == fmt
        assert f.int64 == int64
        check_sample(f)
        ref = nc_reference_of(path, tmp / "ref")
        bad, checked = compare_with(f, ref)
    assert not bad, "\n".join(bad)
    assert checked > 38  # no edge/face id maps: the sample gives none


def test_float32_storage(tmp):
    path = tmp / "f32.exo"
    write_sample(path, float_size=4)
    with exoslab.open(path) as f:
        assert f.float_size == 4
        check_sample(f)


def test_netcdf4_compressed_chunked(tmp):
    path = tmp / "z.exo"
    write_sample(path, format="nc4", deflate=4, shuffle=True, node_chunk=4)
    with exoslab.open(path) as f:
        assert f.compressed
        assert f.chunk_len("nodal") == 4
        check_sample(f)
        got = [s for s, _ in f.iter_nodal("temp", 1)]
        assert got == [0, 4, 8]


def test_slab_writes(tmp):
    """Writing a big array in slabs gives the same file as one write."""
    n = 1000
    xyz = np.random.default_rng(1).random((n, 2))
    path = tmp / "slabs.exo"
    with exoslab.create(path, format="nc4") as f:
        f.def_mesh("slabs", 2, n)
        f.def_vars("nodal", ["u"])
        for start in range(0, n, 300):
            f.put_coords(xyz[start:start + 300], start=start)
        f.put_time(0, 0.0)
        for start in range(0, n, 128):
            f.put_nodal("u", 0, xyz[start:start + 128, 0], start=start)
    with exoslab.open(path) as f:
        np.testing.assert_array_equal(f.coords(), xyz)
        np.testing.assert_array_equal(f.nodal("u", 0), xyz[:, 0])


def test_append_results(tmp):
    path = tmp / "append.exo"
    write_sample(path)
    with exoslab.open(path, "a") as f:
        f.put_time(3, 2.0)
        f.put_nodal("temp", 3, nodal(3))
        f.put_global_vars(3, [9.0, 9.5])
    with exoslab.open(path) as f:
        np.testing.assert_array_equal(f.times, TIMES + [2.0])
        np.testing.assert_array_equal(f.nodal("temp", 3), nodal(3))
        np.testing.assert_array_equal(f.global_vars(-1), [9.0, 9.5])


# ---- errors -------------------------------------------------------------------

def test_no_clobber_leaves_file(tmp):
    path = tmp / "keep.exo"
    write_sample(path)
    before = path.read_bytes()
    with pytest.raises(exoslab.FileError, match="EXS_EEXIST") as e:
        exoslab.create(path)
    assert isinstance(e.value, OSError)
    assert path.read_bytes() == before


def test_bad_writes(tmp):
    with exoslab.create(tmp / "bad.exo", clobber=True) as f:
        f.def_mesh("bad", 3, 4)
        f.def_block(1, "QUAD4", 1, 4)
        with pytest.raises(ValueError, match="expected"):
            f.put_connectivity(1, [[1, 2, 3]])
        with pytest.raises(ValueError, match="cannot be used as integers"):
            f.put_connectivity(1, np.array([1.5, 2, 3, 4]))
        with pytest.raises(ValueError, match="EXS_ENAMELEN"):
            f.put_name("elem_block", 1, "n" * 200)
        with pytest.raises(KeyError):
            f.put_connectivity(9, [1, 2, 3, 4])
        with pytest.raises(ValueError, match="4 strings"):
            f.put_qa([("a", "b")])
        f.put_connectivity(1, [1, 2, 3, 4])
        f.put_coords(np.zeros((4, 3)))
        with pytest.raises(ValueError, match="EXS_EMODE"):
            f.def_block(2, "QUAD4", 1, 4)       # definitions are over
        with pytest.raises(ValueError, match="outside|EXS_ERANGE"):
            f.put_coord(0, np.zeros(3), start=2)
    with exoslab.open(tmp / "bad.exo") as f:
        with pytest.raises(ValueError, match="EXS_EMODE"):
            f.put_coord(0, np.zeros(4))
        np.testing.assert_array_equal(f.connectivity(1), [[1, 2, 3, 4]])


def test_inputs_are_converted(tmp):
    """Lists, int coordinates, float32 and non-contiguous input arrays."""
    path = tmp / "conv.exo"
    big = np.zeros((8, 3))
    big[::2] = XYZ[:4]
    with exoslab.create(path) as f:
        f.def_mesh("conv", 3, 4)
        f.def_block(1, "QUAD4", 1, 4)
        f.put_coords(big[::2])                       # strided rows
        f.put_connectivity(1, [[1, 2, 3, 4]])        # a list
    with exoslab.open(path) as f:
        np.testing.assert_array_equal(f.coords(), XYZ[:4])
