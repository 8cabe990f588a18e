"""Shared helpers of the exomerge operation tests: the reference exomerge3
(oracle) loaded in-process, and snapshots of a model's state that compare
across the two implementations."""
import glob
import os
import pathlib
import sys
import tempfile
import warnings

import numpy as np
import pytest

HERE = pathlib.Path(__file__).resolve().parent
REF_DIR = pathlib.Path(os.environ.get(
    "EXOMERGE_REF", HERE.parents[2] / "shared" / "reference" / "exomerge3"))

_ref = None


def reference():
    """The reference exomerge3 module (skips when python3-vtk9 or the
    reference copy is absent)."""
    global _ref
    if _ref is not None:
        return _ref
    libs = glob.glob("/usr/lib/*/libvtkexodusII-9.1.so.1")
    if not libs:
        pytest.skip("reference exomerge3 needs python3-vtk9 (absent)")
    if not (REF_DIR / "exomerge3.py").exists():
        pytest.skip(f"reference exomerge3 not found in {REF_DIR}")
    access = pathlib.Path(os.environ.get("EXOMERGE_REF_ACCESS") or
                          tempfile.mkdtemp(prefix="exomerge_ref_"))
    (access / "lib").mkdir(parents=True, exist_ok=True)
    link = access / "lib" / "libexodus.so"
    if not link.exists():
        link.symlink_to(libs[0])
    os.environ["ACCESS"] = str(access)
    sys.path.insert(0, str(REF_DIR))
    try:
        import exomerge3
    finally:
        sys.path.remove(str(REF_DIR))
    exomerge3.SHOW_BANNER = False
    _ref = exomerge3
    return _ref


def ours():
    import exoslab.exomerge as em
    return em


def snapshot(model):
    """Plain-numpy state of either implementation's model."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        state = {}
        if type(model).__module__.startswith("exoslab"):
            state["nodes"] = np.array(model._coords, dtype=float)
        else:
            state["nodes"] = np.array(model.nodes, dtype=float).reshape(-1, 3)
        state["timesteps"] = [float(t) for t in model.get_timesteps()]
        blocks = {}
        for bid in model.get_element_block_ids():
            conn = np.asarray(model.get_connectivity(bid), dtype=np.int64)
            npe = model.get_nodes_per_element(bid)
            fields = {n: np.asarray(model.get_element_field_values(
                n, bid, t), dtype=float) for n in
                model.get_element_field_names(bid)
                for t in model.get_timesteps()[-1:]}
            etype = model._get_element_type(bid)
            blocks[bid] = (str(etype).lower(), conn.reshape(-1, npe), fields)
        state["blocks"] = blocks
        state["node_fields"] = {
            n: np.array([model.get_node_field_values(n, t)
                         for t in model.get_timesteps()], dtype=float)
            for n in model.get_node_field_names()}
        state["globals"] = {
            n: [float(v) for v in model.global_variables[n]]
            for n in model.get_global_variable_names()}
        state["side_sets"] = {
            i: np.asarray(model.get_side_set_members(i),
                          dtype=np.int64).reshape(-1, 3)
            for i in model.get_side_set_ids()}
        state["node_sets"] = {
            i: np.asarray(model.get_node_set_members(i), dtype=np.int64)
            for i in model.get_node_set_ids()}
    return state


def assert_same(a, b, rtol=1e-12, atol=1e-12, sort_nodes=False):
    """Two snapshots agree (arrays to tolerance)."""
    assert a["timesteps"] == pytest.approx(b["timesteps"])
    np.testing.assert_allclose(a["nodes"], b["nodes"], rtol=rtol, atol=atol)
    assert sorted(a["blocks"]) == sorted(b["blocks"])
    for bid in a["blocks"]:
        ta, ca, fa = a["blocks"][bid]
        tb, cb, fb = b["blocks"][bid]
        assert ta == tb, bid
        np.testing.assert_array_equal(ca, cb, err_msg="block %s" % bid)
        assert sorted(fa) == sorted(fb)
        for n in fa:
            np.testing.assert_allclose(fa[n], fb[n], rtol=rtol, atol=atol,
                                       err_msg=n)
    assert sorted(a["node_fields"]) == sorted(b["node_fields"])
    for n in a["node_fields"]:
        np.testing.assert_allclose(a["node_fields"][n], b["node_fields"][n],
                                   rtol=rtol, atol=atol, err_msg=n)
    assert sorted(a["globals"]) == sorted(b["globals"])
    for n in a["globals"]:
        assert a["globals"][n] == pytest.approx(b["globals"][n], rel=rtol,
                                                abs=atol, nan_ok=True)
    assert sorted(a["side_sets"]) == sorted(b["side_sets"])
    for i in a["side_sets"]:
        np.testing.assert_array_equal(a["side_sets"][i], b["side_sets"][i],
                                      err_msg="side set %s" % i)
    assert sorted(a["node_sets"]) == sorted(b["node_sets"])
    for i in a["node_sets"]:
        np.testing.assert_array_equal(a["node_sets"][i], b["node_sets"][i],
                                      err_msg="node set %s" % i)


def run_both(script):
    """script(module) -> (model, extra result) on both implementations;
    returns ((ours model, ours result), (reference model, reference
    result))."""
    ref = reference()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mine = script(ours())
    import contextlib
    import io
    text = io.StringIO()
    try:
        with contextlib.redirect_stdout(text), \
                contextlib.redirect_stderr(text):
            theirs = script(ref)
    except SystemExit:
        raise AssertionError("the reference exomerge3 stopped:\n" +
                             text.getvalue().split("Trace:")[0]) from None
    return mine, theirs


def parse_wrl(path):
    """The IndexedFaceSet of a VRML 2.0 file written by export_wrl_model:
    points (n, 3), triangles (t, 3), colours (c, 3), colour index (t,).
    Fails unless the header is VRML 2.0 and every face ends in -1."""
    import re
    text = pathlib.Path(path).read_text()
    assert text.startswith("#VRML V2.0 utf8\n")
    assert "colorPerVertex FALSE" in text

    def between(start):
        body = re.search(re.escape(start) + r"\s*\[(.*?)\]", text, re.S)
        assert body, start
        return [x for x in re.split(r"[,\s]+", body.group(1)) if x]

    points = np.array(between("point"), dtype=float).reshape(-1, 3)
    faces = np.array(between("coordIndex"), dtype=np.int64).reshape(-1, 4)
    assert (faces[:, 3] == -1).all()
    colors = np.array(between("color Color {\n        color"),
                      dtype=float).reshape(-1, 3)
    index = np.array(between("colorIndex"), dtype=np.int64)
    assert len(index) == len(faces)
    assert faces[:, :3].min(initial=0) >= 0
    assert faces[:, :3].max(initial=-1) < len(points)
    return points, faces[:, :3], colors, index
