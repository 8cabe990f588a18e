"""Issue 14's model content through an exomerge import -> export, read
back by netCDF4-python (in a child: its serial libnetcdf must not meet
the MPI build's): what exomerge has a place for survives value for value
(block attributes and their names, stored node and element id maps, an
absent id map stays absent), the rest is not exported (docs/exomerge.md,
"Issue 14's model content through exomerge")."""
import json
import re
import subprocess
import sys
import warnings

import numpy as np
import pytest

import exoslab
import exoslab.exomerge as exomerge

# Dumps every variable (values as lists) and the attribute names of every
# variable and of the file, of each path, as JSON.
NC_CHILD = r"""
import json, sys
import netCDF4, numpy as np
out = {}
for p in sys.argv[2:]:
    with netCDF4.Dataset(p) as ds:
        ds.set_auto_maskandscale(False)
        v = {}
        for n, var in ds.variables.items():
            a = var[...] if all(d > 0 for d in var.shape) else np.zeros(var.shape)
            a = np.asarray(a)
            if a.dtype.kind == "S":
                a = np.char.decode(a, "latin-1")
            v[n] = {"values": a.tolist(), "atts": list(var.ncattrs())}
        out[p] = {"vars": v, "atts": list(ds.ncattrs())}
json.dump(out, open(sys.argv[1], "w"))
"""


def nc_dump(tmp, *paths):
    out = tmp / "nc14.json"
    subprocess.run([sys.executable, "-c", NC_CHILD, str(out)] + [str(p) for p in paths],
                   check=True)
    return json.loads(out.read_text())


def write_model14(path, node_ids=True):
    """A 2-D mesh holding every part of issue 14's model."""
    f = exoslab.create(path, format="nc4", clobber=True)
    f.def_mesh("model14", 2, 4)
    f.def_block(10, "QUAD4", 1, 4, num_attr=2)
    f.def_block(11, "QUAD4", 1, 4)
    f.def_set("node_set", 3, 2)
    f.def_set_attr("node_set", 3, 1)
    f.def_node_attr(1)
    f.def_order_map()
    f.def_assembly(100, "all", "elem_block", 2)
    f.def_blob(7, "extraction", 5)
    f.def_blob_vars(["coef"])
    f.def_red_vars("elem_block", ["mass"])
    f.def_frames(1)
    f.put_entity_attribute("elem_block", 10, "Units", [1, 0, 0, -1])
    f.put_entity_attribute("elem_block", 10, "Field@disp@type_name", "VECTOR_2D")
    f.put_entity_attribute("global", 0, "Quad@gauss@xi", [-0.5, 0.5])
    f.put_coords(np.array([[0, 0], [1, 0], [1, 1], [0, 1]], float))
    f.put_connectivity(10, np.array([[1, 2, 3, 4]]))
    f.put_connectivity(11, np.array([[4, 3, 2, 1]]))
    f.put_attributes(10, np.array([[1.5, -2.0]]))
    f.put_attr_names(10, ["thickness", "angle"])
    f.put_node_set(3, np.array([1, 2]))
    f.put_set_attributes("node_set", 3, np.array([[0.25], [0.5]]))
    f.put_node_attributes(np.array([[1.0], [2.0], [3.0], [4.0]]))
    f.put_order_map(np.array([2, 1]))
    if node_ids:
        f.put_id_map("node", [10, 20, 30, 40])
    f.put_id_map("elem", [5, 9])
    f.put_assembly_members(100, [10, 11])
    f.put_frames([4], np.arange(9.0).reshape(1, 9), "R")
    f.put_time(0, 0.0)
    for b in (10, 11):
        f.put_red_vars("elem_block", b, 0, [b * 1.0])
    f.put_blob_var("coef", 7, 0, np.arange(5.0))
    f.close()


# Variables and attributes of the source exomerge has no place for: not
# exported (regular expressions over netCDF names).
DROPPED_VARS = [r"assembly_entity.*", r"blob_entity.*", r"vals_red_.*", r"name_.*_red_var",
                r"name_blob_var", r"vals_blob_var.*", r"nsattrb.*", r"nsattrib_name.*",
                r"nattrb", r"nattrib_name", r"frame_.*", r"elem_map"]
DROPPED_ATTS = {"connect1": ["Units", "Field@disp@type_name"],
                None: ["Quad@gauss@xi"]}       # None: the file's own


@pytest.mark.parametrize("fmt", ["cdf2", "nc4"])
@pytest.mark.parametrize("node_ids", [True, False], ids=["node-map", "no-node-map"])
def test_model14_through_import_export(tmp, fmt, node_ids):
    src, out = tmp / "m14.exo", tmp / f"m14-{fmt}-{node_ids}.e"
    write_model14(src, node_ids)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m = exomerge.import_model(str(src))
        m.export_model(str(out), format=fmt)
    d = nc_dump(tmp, src, out)
    a, b = d[str(src)], d[str(out)]
    # survives: block attributes and their names, the stored id maps
    for v in ("attrib1", "attrib_name1", "elem_num_map", "connect1", "connect2"):
        assert b["vars"][v]["values"] == a["vars"][v]["values"], v
    assert ("node_num_map" in b["vars"]) == node_ids
    if node_ids:
        assert b["vars"]["node_num_map"]["values"] == [10, 20, 30, 40]
    # not exported: what an exomerge model has no place for
    for pat in DROPPED_VARS:
        assert any(re.fullmatch(pat, n) for n in a["vars"]), pat   # the source has it
        assert not any(re.fullmatch(pat, n) for n in b["vars"]), pat
    for var, names in DROPPED_ATTS.items():
        src_atts = a["atts"] if var is None else a["vars"][var]["atts"]
        got_atts = b["atts"] if var is None else b["vars"][var]["atts"]
        for n in names:
            assert n in src_atts and n not in got_atts, (var, n)
    with exoslab.open(out) as g:
        assert not g.assemblies and not g.blobs and g.num_frames == 0
        assert not g.has_order_map


def test_nemesis_data_is_not_exported(tmp):
    """A Nemesis part: exomerge keeps its mesh, not its load-balance data."""
    from conftest import corpus_file
    src = corpus_file("exodusjl__epu_mesh_test.g.4.1")
    out = tmp / "nem.e"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exomerge.import_model(str(src)).export_model(str(out))
    with exoslab.open(src) as f, exoslab.open(out) as g:
        assert f.nemesis and not g.nemesis
        assert g.num_elem == f.num_elem and g.num_nodes == f.num_nodes
