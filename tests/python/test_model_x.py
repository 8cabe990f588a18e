"""Assemblies, blobs, reduction variables and coordinate frames through
exoslab.File: the corpus files that hold them compared with an independent
netCDF4-python reading (model_reference.py, its own process) value by
value; files exoslab writes read back the same way and by SEACAS's names;
bad calls raise the mapped exceptions."""
import json
import subprocess
import sys

import numpy as np
import pytest

import exoslab
from exoslab import _model
from conftest import HERE, corpus_file
from test_file_api import _module_problems

RED_KIND = {"elem": "elem_block", "edge": "edge_block", "face": "face_block",
            "nset": "node_set", "sset": "side_set", "eset": "edge_set",
            "fset": "face_set", "elset": "elem_set", "assembly": "assembly",
            "blob": "blob"}


def reference(tmp, *paths):
    out = tmp / "model_ref.json"
    subprocess.run([sys.executable, str(HERE / "model_reference.py"), str(out)]
                   + [str(p) for p in paths], check=True)
    return json.loads(out.read_text())


def ids_in_order(f, kind):
    if kind == "assembly":
        return list(f.assemblies)
    if kind == "blob":
        return list(f.blobs)
    return [int(i) for i in f.ids(kind)]


def suffix(f, kind, id):
    """The vals_red_var_* suffix: the id for assemblies and blobs, else the
    entity's 1-based file index."""
    if kind in ("assembly", "blob"):
        return str(id)
    return str(f.entity(kind, id).index)


def compare(f, ref):
    """Everything of model_x in f against the netCDF4 reading ref."""
    assert sorted(f.assemblies) == sorted(int(i) for i in ref["assemblies"])
    for sid, r in ref["assemblies"].items():
        a = f.assembly(int(sid))
        assert a.name == r["name"]
        assert a.stored_type == r["type"]
        assert a.member_type == r["typename"]
        assert a.num_members == len(r["members"])
        assert f.assembly_members(int(sid)).tolist() == r["members"]
        assert f.assembly_members(int(sid), 1, dtype=np.int32).tolist() == r["members"][1:]
    assert sorted(f.blobs) == sorted(int(i) for i in ref["blobs"])
    for sid, r in ref["blobs"].items():
        b = f.blobs[int(sid)]
        assert (b.name, b.num_entries) == (r["name"], r["num_entries"])
    checked = 0
    for k, r in ref["red"].items():
        kind = RED_KIND[k]
        assert f.red_var_names(kind) == r["names"]
        ids = ids_in_order(f, kind)
        truth = f.red_truth(kind)
        for i, id in enumerate(ids):
            want = r["values"].get(suffix(f, kind, id))
            assert bool(truth[i]) == (want is not None)
            if want is None:
                with pytest.raises(exoslab.NotFoundError):
                    f.red_vars(kind, id, 0)
                continue
            for step, row in enumerate(want):
                np.testing.assert_array_equal(f.red_vars(kind, id, step), row)
                checked += len(row)
            if r["names"]:
                assert f.red_var(kind, r["names"][-1], id, 0) == want[0][-1]
    assert f.blob_var_names == ref["blob_vars"]["names"]
    for key, steps in ref["blob_vars"]["values"].items():
        var, bid = key.split(":")
        for step, row in enumerate(steps):
            np.testing.assert_array_equal(f.blob_var(int(var), int(bid), step), row)
            checked += len(row)
    fr = f.frames()
    if ref["frames"]:
        assert fr.ids.tolist() == ref["frames"]["ids"]
        np.testing.assert_array_equal(fr.coords.ravel(), ref["frames"]["coords"])
        assert fr.tags.decode() == ref["frames"]["tags"]
    else:
        assert f.num_frames == 0 and len(fr.ids) == 0
    return checked


@pytest.mark.parametrize("name", ["seacas__scripts_test-assembly.exo",
                                  "seacas-hist__ioss_exodus_bc_parents.gold.nc4",
                                  "libmesh__Cube_With_Sidesets.e"])
def test_corpus_equals_netcdf4(name, tmp):
    path = corpus_file(name)
    ref = reference(tmp, path)[path.name]
    with exoslab.open(path) as f:
        compare(f, ref)
        if name.startswith("seacas__scripts"):
            assert f.assembly(100).member_kind == "assembly"
            assert f.assembly(200).member_kind == exoslab.Kind.ELEM_BLOCK
            assert f.red_truth("assembly").tolist() == [True] * 4 + [False] * 2
            assert f.red_vars("assembly", 100, 9).shape == (4,)
        if name.startswith("libmesh"):
            assert f.blobs[1].name == "bex_cv_blob"


def write_model(path, fmt):
    f = exoslab.create(path, format=fmt, clobber=True)
    f.def_mesh("mx", 2, 4)
    f.def_block(10, "QUAD4", 1, 4)
    f.def_block(11, "QUAD4", 2, 4)
    f.def_set("node_set", 3, 2)
    f.def_assembly(100, "all", "elem_block", 2)
    f.def_assembly(200, "top", "assembly", 1)
    f.def_blob(7, "extraction", 5)
    f.def_blob_vars(["coef"])
    f.def_red_vars("elem_block", ["mass", "energy"])
    f.def_red_vars("node_set", ["flux"])
    f.def_red_vars("assembly", ["a", "b", "c"])
    f.def_red_truth("assembly", [1, 0])
    f.def_frames(2)
    f.put_coords(np.array([[0, 0], [1, 0], [1, 1], [0, 1]], float))
    f.put_connectivity(10, np.array([[1, 2, 3, 4]]))
    f.put_connectivity(11, np.array([[1, 2, 3, 4], [4, 3, 2, 1]]))
    f.put_node_set(3, np.array([1, 2]))
    f.put_assembly_members(100, [10, 11])
    f.put_assembly_members(200, [100])
    f.put_frames([4, 5], np.arange(18.0).reshape(2, 9), "RS")
    for s in range(3):
        f.put_time(s, s * 0.25)
        for b in (10, 11):
            f.put_red_vars("elem_block", b, s, [s + b, s * b])
        f.put_red_vars("node_set", 3, s, [s * 0.5])
        f.put_red_vars("assembly", 100, s, [s, s + 1, s + 2])
        f.put_blob_var("coef", 7, s, np.arange(5.0) + 10 * s)
    return f


@pytest.mark.parametrize("fmt", ["cdf2", "cdf5", "nc4"])
def test_written_reads_back_and_by_seacas_names(fmt, tmp):
    path = tmp / f"mx_{fmt}.exo"
    f = write_model(path, fmt)
    with pytest.raises(exoslab.NotFoundError):
        f.put_red_vars("assembly", 200, 0, [1, 2, 3])  # left out by the truth
    f.close()
    with exoslab.open(path) as g:
        a = g.assembly(100)
        assert (a.name, a.member_kind, a.num_members) == ("all", exoslab.Kind.ELEM_BLOCK, 2)
        assert g.assembly_members(100).tolist() == [10, 11]
        assert g.assembly(200).member_kind == "assembly"
        assert g.red_var_names("eb") == ["mass", "energy"]
        for s in range(3):
            assert g.red_vars("elem_block", 11, s).tolist() == [s + 11, s * 11]
            assert g.red_vars("assembly", 100, s, 1).tolist() == [s + 1, s + 2]
            assert g.blob_var(0, 7, s).tolist() == (np.arange(5.0) + 10 * s).tolist()
        assert g.red_truth("assembly").tolist() == [True, False]
        fr = g.frames()
        assert fr.ids.tolist() == [4, 5] and fr.tags == b"RS"
        assert fr.coords.tolist() == np.arange(18.0).reshape(2, 9).tolist()
        ref = reference(tmp, path)[path.name]
        assert compare(g, ref) == 3 * (2 * 2 + 1 + 3 + 5)
    assert ref["assemblies"]["100"]["typename"] == "element block"
    assert ref["red"]["elem"]["values"]["2"][2] == [13.0, 22.0]
    assert "200" not in ref["red"]["assembly"]["values"]


def test_bad_calls_raise(tmp):
    path = tmp / "mx_bad.exo"
    f = write_model(path, "cdf2")
    with pytest.raises(exoslab.ArgumentError):
        f.put_assembly_members(100, [1, 2, 3])  # past the 2 members
    with pytest.raises(exoslab.NotFoundError):
        f.put_assembly_members(999, [1])
    with pytest.raises(exoslab.ArgumentError):
        f.put_frames([1], np.zeros(9), "X")
    f.close()
    with exoslab.open(path) as g:
        with pytest.raises(exoslab.NotFoundError):
            g.assembly(5)
        with pytest.raises(exoslab.NotFoundError):
            g.assembly_members(5)
        with pytest.raises(exoslab.ArgumentError):
            g.red_var_names("nodal")
        with pytest.raises(exoslab.ArgumentError):
            g.red_vars("assembly", 100, 99)
        with pytest.raises(exoslab.ArgumentError):
            g.assembly_members(100, 1, 5)
        with pytest.raises(exoslab.ArgumentError):
            _model.model_kind_of("wobble")


def test_model_module_is_documented_and_annotated():
    assert _module_problems(_model) == []
    for name in ("assemblies", "assembly", "assembly_members", "red_vars", "frames",
                 "def_assembly", "put_red_vars", "put_frames"):
        assert (getattr(exoslab.File, name).__doc__ or "").strip()


# ---- entity attributes (ex_put_attribute's layout, field metadata) ----------------------
ATT_CHILD = r"""
import json, sys, netCDF4
out = {}
for p in sys.argv[2:]:
    d = netCDF4.Dataset(p)
    def val(v):
        if isinstance(v, (str, bytes)):
            return v if isinstance(v, str) else v.decode("latin-1")
        return [x.item() if not isinstance(x.item(), bytes) else x.item().decode("latin-1")
                for x in __import__("numpy").atleast_1d(v)]
    r = {"global": {a: val(d.getncattr(a)) for a in d.ncattrs()}}
    for n, v in d.variables.items():
        r[n] = {a: val(v.getncattr(a)) for a in v.ncattrs()}
        r[n + " types"] = {a: str(__import__("numpy").asarray(v.getncattr(a)).dtype)
                           for a in v.ncattrs()}
    out[p] = r
    d.close()
json.dump(out, open(sys.argv[1], "w"))
"""


def nc_atts(tmp, *paths):
    """Every attribute of paths, read by netCDF4-python in a child."""
    out = tmp / "atts.json"
    subprocess.run([sys.executable, "-c", ATT_CHILD, str(out)] + [str(p) for p in paths],
                   check=True)
    return json.loads(out.read_text())


def as_plain(atts):
    return {k: v if isinstance(v, str) else v.tolist() for k, v in atts.items()}


@pytest.mark.parametrize("fmt", ["cdf2", "cdf5", "nc4"])
def test_entity_attributes_written_read_and_copied(fmt, tmp):
    path = tmp / f"ea_{fmt}.exo"
    f = exoslab.create(path, format=fmt, clobber=True)
    f.def_mesh("ea", 2, 4)
    f.def_block(10, "QUAD4", 1, 4)
    f.def_block(11, "QUAD4", 1, 4)
    f.def_set("node_set", 3, 2)
    f.def_assembly(100, "all", "elem_block", 2)
    f.def_blob(7, "bex", 5)
    f.put_entity_attribute("global", 0, "Quad@gauss@xi", [-0.5, 0.5])
    f.put_entity_attribute("elem_block", 10, "Units", [1, 0, 0, -1])
    f.put_entity_attribute("elem_block", 10, "Field@disp@type_name", "VECTOR_2D")
    f.put_entity_attribute("elem_block", 11, "Scale", 2.5)
    f.put_entity_attribute("node_set", 3, "Offset", [1.1, 2.2, 3.3])
    f.put_entity_attribute("assembly", 100, "Dimension", "length")
    f.put_entity_attribute("blob", 7, "bex_dense_cv_info", np.array([3, 7], np.int32))
    with pytest.raises(exoslab.ArgumentError):
        f.put_entity_attribute("assembly", 100, "_name", "x")
    with pytest.raises(exoslab.NotFoundError):
        f.put_entity_attribute("elem_block", 99, "Units", [1])
    f.put_coords(np.array([[0, 0], [1, 0], [1, 1], [0, 1]], float))
    f.put_connectivity(10, np.array([[1, 2, 3, 4]]))
    f.put_connectivity(11, np.array([[4, 3, 2, 1]]))
    f.put_node_set(3, np.array([1, 2]))
    f.put_assembly_members(100, [10, 11])
    f.close()
    copy = tmp / f"ea_{fmt}_copy.exo"
    sel = tmp / f"ea_{fmt}_sel.exo"
    exoslab.copy(path, copy)
    exoslab.copy(path, sel, blocks=[11])
    ref = nc_atts(tmp, path, copy, sel)
    for p in (path, copy):
        r = ref[str(p)]
        assert r["global"]["Quad@gauss@xi"] == [-0.5, 0.5]
        assert r["connect1"]["Units"] == [1, 0, 0, -1]
        assert r["connect1 types"]["Units"] == "int32"
        assert r["connect1"]["Field@disp@type_name"] == "VECTOR_2D"
        assert r["connect2"]["Scale"] == [2.5]
        assert r["node_ns1"]["Offset"] == [1.1, 2.2, 3.3]
        assert r["assembly_entity100"]["Dimension"] == "length"
        assert r["blob_entity7"]["bex_dense_cv_info"] == [3, 7]
        with exoslab.open(p) as g:
            assert as_plain(g.entity_attributes("global")) == {"Quad@gauss@xi": [-0.5, 0.5]}
            assert as_plain(g.entity_attributes("elem_block", 10)) == {
                "Units": [1, 0, 0, -1], "Field@disp@type_name": "VECTOR_2D"}
            assert g.entity_attributes("elem_block", 10)["Units"].dtype == np.int64
            assert as_plain(g.entity_attributes("elem_block", 11)) == {"Scale": [2.5]}
            assert as_plain(g.entity_attributes("node_set", 3)) == {"Offset": [1.1, 2.2, 3.3]}
            assert g.entity_attributes("assembly", 100) == {"Dimension": "length"}
            assert as_plain(g.entity_attributes("blob", 7)) == {"bex_dense_cv_info": [3, 7]}
    # the selection kept block 11 only: it is now connect1, block 10's
    # attributes are gone, the assembly names 11 alone
    r = ref[str(sel)]
    assert r["connect1"].get("Scale") == [2.5] and "Units" not in r["connect1"]
    assert "connect2" not in r
    with exoslab.open(sel) as g:
        assert g.assembly_members(100).tolist() == [11]
        assert as_plain(g.entity_attributes("elem_block", 11)) == {"Scale": [2.5]}


def test_corpus_entity_attributes_equal_netcdf4(tmp):
    path = corpus_file("seacas__scripts_test-assembly.exo")
    if path is None:
        pytest.skip("corpus file seacas__scripts_test-assembly.exo not found")
    r = nc_atts(tmp, path)[str(path)]
    with exoslab.open(path) as g:
        n = 0
        for a in g.assemblies:
            want = {k: v for k, v in r[f"assembly_entity{a}"].items() if not k.startswith("_")}
            assert as_plain(g.entity_attributes("assembly", a)) == want
            n += len(want)
        for b in g.entities("elem_block").infos:
            if b.num_entries:
                want = {k: v for k, v in r[f"connect{b.index}"].items() if k != "elem_type"}
                assert as_plain(g.entity_attributes("elem_block", b.id)) == want
                n += len(want)
    assert n == 7   # Units on a block, six on assemblies
