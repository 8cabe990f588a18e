"""The Python API's surface: every public name documented and annotated,
the one argument-order convention, blocks/sets/maps by name as well as by
id, File(path), and what ``from exoslab import *`` binds."""
import ast
import enum
import inspect
import pathlib
import subprocess
import sys
import types
import typing

import numpy as np
import pytest

import exoslab
import exoslab._dmesh as xdmesh
import exoslab._file as xfile
import exoslab._kinds as xkinds
import exoslab._nemesis as xnemesis

XYZ = np.array([[x, y] for y in (0.0, 1.0) for x in (0.0, 1.0, 2.0, 3.0)])
QUADS = np.array([[1, 2, 6, 5], [2, 3, 7, 6], [3, 4, 8, 7]])


# ---- every public name: a docstring and annotations ---------------------------
def _callable_problems(name, fn):
    """What a public function or method lacks: docstring, parameter or
    return annotations, or hints that do not resolve."""
    out = []
    if not (inspect.getdoc(fn) or "").strip():
        out.append(f"{name}: no docstring")
    sig = inspect.signature(fn)
    for p in sig.parameters.values():
        if p.name in ("self", "cls"):
            continue
        if p.annotation is inspect.Parameter.empty:
            out.append(f"{name}: parameter {p.name} not annotated")
    if sig.return_annotation is inspect.Signature.empty:
        out.append(f"{name}: no return annotation")
    try:
        typing.get_type_hints(fn)
    except Exception as e:      # a hint naming something that does not exist
        out.append(f"{name}: hints do not resolve ({e})")
    return out


def _class_problems(name, cls):
    out = []
    if not (cls.__dict__.get("__doc__") or "").strip():
        out.append(f"{name}: no docstring of its own")
    if issubclass(cls, enum.Enum):
        return out
    if issubclass(cls, tuple) and hasattr(cls, "_fields"):
        missing = set(cls._fields) - set(cls.__annotations__)
        out += [f"{name}.{f}: field not annotated" for f in sorted(missing)]
    for attr, value in vars(cls).items():
        if attr.startswith("_") and attr != "__init__":
            continue
        if attr in getattr(cls, "_fields", ()):
            continue
        full = f"{name}.{attr}"
        if isinstance(value, property):
            out += _callable_problems(full, value.fget)
            if not (value.__doc__ or "").strip():
                out.append(f"{full}: property without a docstring")
        elif isinstance(value, (types.FunctionType, staticmethod, classmethod)):
            out += _callable_problems(full, getattr(value, "__func__", value))
    return out


def _assigned(mod):
    """Public names a module's own top-level statements assign (not
    import): (name, annotated?)."""
    tree = ast.parse(inspect.getsource(mod))
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            yield node.target.id, True
        elif isinstance(node, ast.Assign):
            for t in node.targets:
                if isinstance(t, ast.Name):
                    yield t.id, False


def _is_alias(obj):
    return typing.get_origin(obj) is not None


def _module_problems(mod, names=None):
    """Problems of the public names a module defines (or of `names`)."""
    out = []
    for name in names if names is not None else dir(mod):
        if name.startswith("_"):
            continue
        obj = getattr(mod, name)
        full = f"{mod.__name__}.{name}"
        if inspect.isclass(obj) or inspect.isfunction(obj):
            if obj.__module__ != mod.__name__ and names is None:
                continue            # imported, checked where it is defined
            out += (_class_problems(full, obj) if inspect.isclass(obj)
                    else _callable_problems(full, obj))
    if names is None:
        for name, annotated in _assigned(mod):
            obj = getattr(mod, name)
            if name.startswith("_") or annotated or _is_alias(obj) or \
                    inspect.isclass(obj) or callable(obj):
                continue
            out.append(f"{mod.__name__}.{name}: module data without an annotation")
    return out


def test_the_checker_catches_what_is_missing():
    def bare(a, b=1):
        return a

    def documented(a: int) -> int:
        """Has it all."""
        return a

    assert _callable_problems("bare", bare) == [
        "bare: no docstring", "bare: parameter a not annotated",
        "bare: parameter b not annotated", "bare: no return annotation"]
    assert _callable_problems("documented", documented) == []


@pytest.mark.parametrize("mod", [xfile, xkinds, xdmesh, xnemesis], ids=lambda m: m.__name__)
def test_every_public_name_is_documented_and_annotated(mod):
    assert _module_problems(mod) == []


def test_the_package_names_are_documented_and_annotated():
    ours = [n for n in exoslab.__all__
            if getattr(getattr(exoslab, n), "__module__", "") in
            (xfile.__name__, xkinds.__name__)]
    assert {"File", "create", "EntityInfo", "Entities", "Partition", "Kind",
            "Inq", "Conn"} <= set(ours)
    assert _module_problems(exoslab, ours + ["open"]) == []
    hints = typing.get_type_hints(exoslab)
    assert hints["__version__"] is str and hints["library_version"] is str
    assert hints["HAVE_MPI"] is bool
    assert (inspect.getdoc(exoslab) or "").strip()


def test_the_cli_functions_are_documented_and_annotated():
    from exoslab import cli
    assert _module_problems(cli, list(cli.__all__) + ["CliError"]) == []


def test_the_error_classes_are_documented():
    for cls in (exoslab.Error, exoslab.NotFoundError, exoslab.ArgumentError,
                exoslab.FileError):
        assert (cls.__doc__ or "").strip(), cls


def test_py_typed_ships_beside_the_package():
    assert (pathlib.Path(exoslab.__file__).parent / "py.typed").is_file()


# ---- File(path), star import ---------------------------------------------------------
def test_file_path_opens_like_open(named):
    with exoslab.File(named) as f, exoslab.open(named) as g:
        assert (f.num_nodes, f.mode, f.title) == (g.num_nodes, "r", g.title) == \
            (8, "r", "named")
    with pytest.raises(exoslab.ArgumentError, match="use 'r', 'r\\+' or 'a'"):
        exoslab.File(named, "w")


def test_star_import_binds_all_and_keeps_builtin_open():
    ns = {}
    exec("from exoslab import *", ns)
    assert "open" not in exoslab.__all__
    assert ns.get("open", open) is open
    assert set(exoslab.__all__) <= set(ns)
    for name in exoslab.__all__:
        assert hasattr(exoslab, name), name
    assert exoslab.open is xfile.open


# ---- the argument order ------------------------------------------------------------------
def _params(name):
    return list(inspect.signature(getattr(exoslab.File, name)).parameters)[1:]


@pytest.mark.parametrize("name", ["var", "put_var", "var_history", "iter_var"])
def test_variable_calls_take_kind_var_id_step(name):
    assert _params(name)[:4] == ["kind", "var", "id", "step"]


@pytest.mark.parametrize("name", ["nodal", "put_nodal", "iter_nodal"])
def test_nodal_calls_take_var_step(name):
    assert _params(name)[:2] == ["var", "step"]


@pytest.mark.parametrize("name", ["element", "put_element"])
def test_element_calls_take_var_block_step(name):
    assert _params(name)[:3] == ["var", "block_id", "step"]


@pytest.mark.parametrize("name", [
    "entity", "prop", "properties", "set", "set_members", "dist_factors", "map",
    "put_name", "put_prop", "put_set", "put_dist_factors", "put_map"])
def test_entity_calls_take_kind_then_id_as_c_does(name):
    assert _params(name)[:2] == ["kind", "id"]


@pytest.mark.parametrize("name", [
    "connectivity", "entry_counts", "attributes", "attribute_names",
    "iter_connectivity", "put_connectivity", "put_entry_counts",
    "put_attributes", "put_attr_names"])
def test_block_calls_take_the_block_first_and_kind_by_keyword(name):
    params = inspect.signature(getattr(exoslab.File, name)).parameters
    assert list(params)[1] == "block_id"
    assert params["kind"].default == exoslab.Kind.ELEM_BLOCK


def test_keywords_make_the_order_moot(named):
    with exoslab.open(named) as f:
        want = f.var("elem_block", "stress", 2, 1)
        np.testing.assert_array_equal(
            f.var("elem_block", id=2, var="stress", step=1), want)
        np.testing.assert_array_equal(f.var(step=1, id=2, kind="eb", var=0), want)
        np.testing.assert_array_equal(want, [10.5, 11.5])


# ---- by name as well as by id ------------------------------------------------------------
@pytest.fixture(scope="module")
def named(tmp_path_factory):
    """A 2-D mesh whose blocks, sets and node map carry names."""
    path = tmp_path_factory.mktemp("named") / "named.exo"
    with exoslab.create(path, format="nc4", clobber=True) as f:
        f.def_mesh("named", 2, len(XYZ))
        f.def_block(1, "QUAD4", 1, 4, num_attr=1, name="steel")
        f.def_block(2, "QUAD4", 2, 4, name="glass")
        f.def_set("node_set", 10, 2, 2, name="left")
        f.def_set("side_set", 20, 1, name="bottom")
        f.def_set("node_set", 11, 1)                 # no name
        f.def_map("node_map", 5, name="original")
        f.def_prop("elem_block", "MATL")
        f.def_vars("elem_block", ["stress"])
        f.def_truth("elem_block", [[0], [1]])
        f.put_coords(XYZ)
        # Writes by name too.
        f.put_connectivity("steel", QUADS[:1])
        f.put_connectivity("glass", QUADS[1:])
        f.put_attributes("steel", [[7.5]])
        f.put_attr_names("steel", ["thickness"])
        f.put_prop("elem_block", "glass", "MATL", 42)
        f.put_node_set("left", [1, 5])
        f.put_dist_factors("node_set", "left", [0.25, 0.5])
        f.put_side_set("bottom", [2], [1])
        f.put_node_set(11, [8])
        f.put_map("node_map", "original", np.arange(101, 109))
        for step in range(2):
            f.put_time(step, step * 0.5)
            f.put_element("stress", "glass", step, [0.5 + 10 * step, 1.5 + 10 * step])
    return path


def test_blocks_by_name_equal_blocks_by_id(named):
    with exoslab.open(named) as f:
        assert f.blocks["glass"] == f.blocks[2] and f.blocks["glass"].id == 2
        assert "steel" in f.blocks and "iron" not in f.blocks
        assert f.find("elem_block", "steel") == 1 and f.entity("eb", "glass").id == 2
        np.testing.assert_array_equal(f.connectivity("glass"), QUADS[1:])
        np.testing.assert_array_equal(f.connectivity("steel"), f.connectivity(1))
        np.testing.assert_array_equal(f.attributes("steel"), [[7.5]])
        assert f.attribute_names("steel") == ["thickness"]
        assert f.prop("eb", "glass", "MATL") == 42
        assert f.properties("eb", "glass") == f.properties("eb", 2)
        assert f.chunk_len("eb", "glass") == f.chunk_len("eb", 2)
        pieces = [c.copy() for _, c in f.iter_connectivity("glass", chunk=1)]
        np.testing.assert_array_equal(np.concatenate(pieces), QUADS[1:])


def test_sets_maps_and_variables_by_name(named):
    with exoslab.open(named) as f:
        np.testing.assert_array_equal(f.node_set("left"), [1, 5])
        np.testing.assert_array_equal(f.node_set("left"), f.node_set(10))
        np.testing.assert_array_equal(f.dist_factors("ns", "left"), [0.25, 0.5])
        elems, sides = f.side_set("bottom")
        assert elems.tolist() == [2] and sides.tolist() == [1]
        assert f.node_sets["left"].num_df == 2
        np.testing.assert_array_equal(f.map("node_map", "original"), np.arange(101, 109))
        np.testing.assert_array_equal(f.element("stress", "glass", -1), [10.5, 11.5])
        np.testing.assert_array_equal(f.var("eb", "stress", "glass", 0), [0.5, 1.5])
        np.testing.assert_array_equal(f.var_history("eb", "stress", "glass"),
                                      [[0.5, 1.5], [10.5, 11.5]])
        got = [v.copy() for _, v in f.iter_var("eb", "stress", "glass", 1, chunk=1)]
        np.testing.assert_array_equal(np.concatenate(got), [10.5, 11.5])


def test_an_unknown_name_is_named_with_the_names_there_are(named):
    with exoslab.open(named) as f:
        with pytest.raises(exoslab.NotFoundError,
                           match=r"no elem_block named 'iron'; names are \['steel', 'glass'\]"):
            f.connectivity("iron")
        with pytest.raises(exoslab.NotFoundError, match="did you mean 'left'"):
            f.node_set("LEFT")
        with pytest.raises(exoslab.NotFoundError, match="no side_set named 'top'"):
            f.side_set("top")
        with pytest.raises(KeyError):            # NotFoundError is a KeyError
            f.blocks["iron"]
        with pytest.raises(exoslab.NotFoundError, match="no elem_set here has a name"):
            f.elem_set("any")


def _rename(path, var, index, name):
    """Overwrite one stored name with netCDF4-python, in a child process
    (it links the serial libnetcdf, which must not meet the MPI build's)."""
    code = ("import netCDF4, sys\n"
            "with netCDF4.Dataset(sys.argv[1], 'a') as ds:\n"
            "    v = ds.variables[sys.argv[2]]\n"
            "    v.set_auto_mask(False)\n"
            "    n = v.shape[1]\n"
            "    raw = sys.argv[4].encode().ljust(n, b'\\0')\n"
            "    v[int(sys.argv[3]), :] = netCDF4.stringtochar(__import__('numpy')"
            ".array([raw], dtype=f'S{n}'))[0]\n")
    r = subprocess.run([sys.executable, "-c", code, str(path), var, str(index), name],
                       capture_output=True, text=True)
    if r.returncode and "No module named 'netCDF4'" in r.stderr:
        pytest.skip("netCDF4-python (python3-netcdf4) is not installed")
    assert r.returncode == 0, r.stderr


def test_an_ambiguous_name_names_the_ids(tmp_path):
    path = tmp_path / "dup.exo"
    with exoslab.create(path, format="nc4", clobber=True) as f:
        f.def_mesh("dup", 2, len(XYZ))
        f.def_block(1, "QUAD4", 1, 4, name="part")
        f.def_block(7, "QUAD4", 2, 4, name="other")
        f.put_coords(XYZ)
        f.put_connectivity(1, QUADS[:1])
        f.put_connectivity(7, QUADS[1:])
    _rename(path, "eb_names", 1, "part")
    with exoslab.open(path) as f:
        assert [b.name for b in f.blocks.values()] == ["part", "part"]
        with pytest.raises(exoslab.ArgumentError,
                           match="elem_block name 'part' is ambiguous: ids 1, 7"):
            f.connectivity("part")
        with pytest.raises(ValueError, match="pass the id"):
            f.find("eb", "part")
        np.testing.assert_array_equal(f.connectivity(7), QUADS[1:])   # ids still work


def test_a_rename_by_name_is_seen_at_once(tmp_path):
    path = tmp_path / "rename.exo"
    with exoslab.create(path, format="cdf2", clobber=True) as f:
        f.def_mesh("rename", 2, len(XYZ))
        f.def_block(3, "QUAD4", 3, 4, name="before")
        f.put_coords(XYZ)
        f.put_connectivity("before", QUADS)
        f.put_name("eb", "before", "after")
        np.testing.assert_array_equal(f.connectivity("after"), QUADS)
        with pytest.raises(exoslab.NotFoundError, match="'before'"):
            f.connectivity("before")
    with exoslab.open(path) as f:
        assert f.blocks[3].name == "after"


def test_inquire_by_name_and_unknown(named):
    with exoslab.open(named) as f:
        assert f.inquire("num_nodes") == f.inquire(exoslab.Inq.NUM_NODES) == 8
        with pytest.raises(exoslab.ArgumentError, match="unknown inquiry 'bogus'; use one of"):
            f.inquire("bogus")


# ---- the hints hold: a type checker accepts the package and a user's script ---------
GOOD = '''import numpy as np
import exoslab

with exoslab.open("mesh.exo") as f:
    n: int = f.num_nodes
    xyz: np.ndarray = f.coords()
    conn = f.connectivity("steel", kind="elem_block")
    info: exoslab.EntityInfo = f.blocks["steel"]
    t = f.var(exoslab.Kind.NODAL, "temperature", None, step=-1)
    for start, chunk in f.iter_nodal("temperature", 0):
        total = float(chunk.sum()) + start
    name: str = info.name
'''
BAD = '''import exoslab

with exoslab.open("mesh.exo") as f:
    f.num_nodes.upper()
    f.connectivity(1, flat="yes", start="0")
'''


def _mypy(tmp_path, *targets):
    pytest.importorskip("mypy", reason="mypy (python3-mypy) is not installed")
    pkg = pathlib.Path(exoslab.__file__).parent
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--ignore-missing-imports", "--no-incremental",
         "--follow-imports=silent", "--cache-dir", str(tmp_path / "cache"), *targets],
        capture_output=True, text=True, cwd=pkg.parent, timeout=600)


def test_mypy_accepts_the_package_and_a_users_script_and_refuses_misuse(tmp_path):
    good, bad = tmp_path / "good.py", tmp_path / "bad.py"
    good.write_text(GOOD)
    bad.write_text(BAD)
    r = _mypy(tmp_path, "exoslab/_file.py", "exoslab/_kinds.py", "exoslab/__init__.py",
              "exoslab/cli.py", str(good))
    assert r.returncode == 0, r.stdout + r.stderr
    r = _mypy(tmp_path, str(bad))
    assert r.returncode == 1, r.stdout
    assert '"int" has no attribute "upper"' in r.stdout
    assert 'Argument "flat" to "connectivity" of "File" has incompatible type "str"' in r.stdout
    assert 'Argument "start" to "connectivity" of "File" has incompatible type "str"' in r.stdout
