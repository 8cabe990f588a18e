"""Set and node attributes and the legacy order map through exoslab.File:
written by the Python writer, read back value by value (as numpy arrays
filled in place, out= buffers included) and against netCDF4-python's own
reading of SEACAS's variables; the corpus files that hold them read like
netCDF says."""
import os

import numpy as np
import pytest

import exoslab

netCDF4 = pytest.importorskip("netCDF4")

XY = np.array([[x, y] for y in (0.0, 1.0, 2.0) for x in (0.0, 1.0, 2.0)])
QUADS = np.array([[1, 2, 5, 4], [2, 3, 6, 5], [4, 5, 8, 7], [5, 6, 9, 8]])
NS_ATTR = np.array([[1.5, -2.0], [3.25, 4.0], [5.0, 6.5]])
SS_ATTR = np.array([[7.0], [8.5]])
ELS_ATTR = np.array([[0.125, 9.0, 10.0]])
NODE_ATTR = np.arange(9 * 2, dtype=float).reshape(9, 2) * 0.5
ORDER = np.array([4, 3, 2, 1])


def write(path, order_map=True, fmt="netcdf4"):
    with exoslab.create(path, clobber=True, format=fmt) as f:
        f.def_mesh("attrs", 2, len(XY))
        f.def_block(1, "QUAD4", 4, 4)
        f.def_set("node_set", 10, 3, name="left")
        f.def_set("node_set", 11, 2)
        f.def_set("side_set", 20, 2)
        f.def_set("elem_set", 30, 1)
        f.def_set_attr("node_set", "left", 2)
        f.def_set_attr("side_set", 20, 1)
        f.def_set_attr("elem_set", 30, 3)
        f.def_node_attr(2)
        if order_map:
            f.def_order_map()
        f.put_set_attr_names("node_set", 10, ["thick", "angle"])
        f.put_set_attr_names("elem_set", 30, ["a", "b", "c"])
        f.put_node_attr_names(["mass", "radius"])
        f.put_coords(XY)
        f.put_connectivity(1, QUADS)
        f.put_node_set(10, [1, 4, 7])
        f.put_node_set(11, [3, 6])
        f.put_side_set(20, [1, 2], [1, 1])
        f.put_set("elem_set", 30, [3])
        f.put_set_attributes("node_set", 10, NS_ATTR[:1])
        f.put_set_attributes("node_set", 10, NS_ATTR[1:], start=1)
        f.put_set_attributes("side_set", 20, SS_ATTR.astype(np.float32))
        f.put_attributes(30, ELS_ATTR, kind="elem_set")
        f.put_node_attributes(NODE_ATTR)
        if order_map:
            f.put_order_map(ORDER.astype(np.int32))


@pytest.mark.parametrize("fmt", ["netcdf4", "cdf2", "cdf5"])
def test_roundtrip(tmp_path, fmt):
    path = str(tmp_path / f"attrs_{fmt}.exo")
    write(path, fmt=fmt)
    with exoslab.open(path) as f:
        assert f.node_sets[10].num_attr == 2
        assert f.node_sets[11].num_attr == 0
        assert f.side_sets[20].num_attr == 1
        assert f.elem_sets[30].num_attr == 3
        assert f.num_node_attr == 2
        np.testing.assert_array_equal(f.set_attributes("node_set", "left"), NS_ATTR)
        np.testing.assert_array_equal(f.set_attributes("ns", 10, 1, 2), NS_ATTR[1:])
        np.testing.assert_array_equal(f.set_attributes("side_set", 20), SS_ATTR)
        np.testing.assert_array_equal(f.attributes(30, kind="elem_set"), ELS_ATTR)
        assert f.set_attributes("node_set", 11).shape == (2, 0)
        assert f.set_attribute_names("node_set", 10) == ["thick", "angle"]
        assert f.set_attribute_names("side_set", 20) == [""]
        assert f.set_attribute_names("elem_set", 30) == ["a", "b", "c"]
        assert f.node_attribute_names() == ["mass", "radius"]
        np.testing.assert_array_equal(f.node_attributes(), NODE_ATTR)
        out = np.zeros((3, 2), dtype=np.float32)
        got = f.node_attributes(6, 3, out=out)
        assert got is out or got.base is out
        np.testing.assert_array_equal(out, NODE_ATTR[6:].astype(np.float32))
        flat = f.node_attributes(flat=True)
        assert flat.shape == (18,)
        assert f.has_order_map
        om = f.order_map(dtype=np.int32)
        assert om.dtype == np.int32
        np.testing.assert_array_equal(om, ORDER)
    nc = netCDF4.Dataset(path)
    try:
        np.testing.assert_array_equal(nc["nsattrb1"][:], NS_ATTR)
        np.testing.assert_array_equal(nc["ssattrb1"][:], SS_ATTR)
        np.testing.assert_array_equal(nc["elsattrb1"][:], ELS_ATTR)
        np.testing.assert_array_equal(nc["nattrb"][:], NODE_ATTR)
        np.testing.assert_array_equal(nc["elem_map"][:], ORDER)
        assert "nsattrb2" not in nc.variables
        assert nc.dimensions["num_att_in_nblk"].size == 2
    finally:
        nc.close()


def test_order_map_absent_stays_absent(tmp_path):
    path = str(tmp_path / "no_order.exo")
    write(path, order_map=False)
    with exoslab.open(path) as f:
        assert not f.has_order_map
        np.testing.assert_array_equal(f.order_map(), np.arange(1, 5))
    nc = netCDF4.Dataset(path)
    try:
        assert "elem_map" not in nc.variables
    finally:
        nc.close()


def test_errors(tmp_path):
    path = str(tmp_path / "bad.exo")
    with exoslab.create(path, clobber=True) as f:
        f.def_mesh("bad", 2, 4)
        f.def_block(1, "QUAD4", 1, 4)
        f.def_set("node_set", 1, 2)
        with pytest.raises(exoslab.NotFoundError):
            f.def_set_attr("node_set", 9, 1)
        f.def_set_attr("node_set", 1, 1)
        with pytest.raises(exoslab.Error):
            f.def_set_attr("node_set", 1, 1)
        f.put_coords(np.zeros((4, 2)))
        f.put_connectivity(1, [[1, 2, 3, 4]])
        with pytest.raises(exoslab.Error):
            f.def_node_attr(1)
        with pytest.raises(exoslab.ArgumentError):
            f.put_set_attributes("node_set", 1, np.zeros((2, 3)))
        with pytest.raises(exoslab.NotFoundError):
            f.put_order_map([1])
        f.put_set_attributes("node_set", 1, [[1.0], [2.0]])


CORPUS = os.environ.get("EXS_CORPUS", os.path.join(os.path.dirname(__file__),
                                                   "../../../shared/corpus"))


@pytest.mark.parametrize("name", ["seacas-dmp__testwt-long-name.exo",
                                  "seacas-dmp__testwt-oned.exo"])
def test_corpus_node_set_and_node_attributes(name):
    path = os.path.join(CORPUS, name)
    if not os.path.exists(path):
        pytest.skip(f"corpus file {name} not found (EXS_CORPUS)")
    nc = netCDF4.Dataset(path)
    try:
        with exoslab.open(path) as f:
            assert f.num_node_attr == nc.dimensions["num_att_in_nblk"].size
            np.testing.assert_array_equal(f.node_attributes(),
                                          np.asarray(nc["nattrb"][:]))
            ids = list(np.asarray(nc["ns_prop1"][:]))
            for i, sid in enumerate(ids, start=1):
                dim = f"num_att_in_ns{i}"
                want = nc.dimensions[dim].size if dim in nc.dimensions else 0
                info = f.entities("node_set")[int(sid)]
                assert info.num_attr == want
                if want:
                    np.testing.assert_array_equal(
                        f.set_attributes("node_set", int(sid)),
                        np.asarray(nc[f"nsattrb{i}"][:]))
    finally:
        nc.close()
