"""Issue 15 for the rest of the package: exomerge's ExodusModel (every
public method of it and of its mixins), import_model, the exomerge error
classes, and the DistributedMesh layer carry docstrings and annotations
that resolve, and mypy accepts every module of the package, a script using
them, and refuses a script that misuses them."""
import inspect
import pathlib
import typing

import pytest

import exoslab
import exoslab._dmesh as xdmesh
import exoslab._em_types as xtypes
import exoslab.exomerge as em
from test_file_api import _callable_problems, _module_problems, _mypy


def _model_members():
    """(name, function) of every public method and property getter of
    ExodusModel, wherever in its mixins it is defined."""
    for name in dir(em.ExodusModel):
        if name.startswith("_"):
            continue
        value = inspect.getattr_static(em.ExodusModel, name)
        if isinstance(value, property):
            yield name, value.fget
        elif isinstance(value, (staticmethod, classmethod)):
            yield name, value.__func__
        elif inspect.isfunction(value):
            yield name, value


def test_exodusmodel_has_its_full_public_surface():
    names = {n for n, _ in _model_members()}
    assert len(names) >= 128
    assert {"import_model", "export_model", "create_element_block",
            "calculate_element_field", "rotate_geometry", "output_global_variables",
            "get_side_set_area", "build_hex8_cube", "create_node_set_from_side_set",
            "nodes", "timesteps", "title"} <= names


def test_every_exodusmodel_method_is_documented_and_annotated():
    problems = []
    for name, fn in _model_members():
        problems += _callable_problems(f"ExodusModel.{name}", fn)
    assert problems == []


def test_the_property_getters_have_docstrings_of_their_own():
    for name in dir(em.ExodusModel):
        value = inspect.getattr_static(em.ExodusModel, name)
        if isinstance(value, property) and not name.startswith("_"):
            assert (value.__doc__ or "").strip(), name


def test_exomerges_module_names_are_documented_and_annotated():
    assert _module_problems(em, list(em.__all__)) == []
    assert {"ExodusModel", "import_model", "ExomergeError", "ExomergeWarning"} <= set(em.__all__)
    hints = typing.get_type_hints(em.import_model)
    assert hints["filename"] is str and hints["return"] is em.ExodusModel


def test_selection_arguments_say_what_exomerge_accepts():
    hints = typing.get_type_hints(em.ExodusModel.delete_element_field)
    ids = typing.get_args(hints["element_block_ids"])
    assert str in ids and int in ids            # 'all' / 'auto', one id
    assert any(typing.get_origin(a) is not None for a in ids)   # a list
    steps = typing.get_type_hints(em.ExodusModel.get_node_field_values)["timestep"]
    assert set(typing.get_args(steps)) == {float, str}      # a time or 'last'
    tol = typing.get_type_hints(em.ExodusModel.merge_nodes)["tolerance"]
    assert set(typing.get_args(tol)) == {float, str}        # a number or 'auto'
    conn = typing.get_type_hints(em.ExodusModel.create_element_block)["connectivity"]
    assert type(None) in typing.get_args(conn)


def test_the_alias_module_is_documented_and_annotated():
    assert _module_problems(xtypes) == []


def test_the_dmesh_names_are_documented_and_annotated():
    assert _module_problems(xdmesh) == []
    assert _module_problems(exoslab, list(xdmesh.__all__)) == []
    hints = typing.get_type_hints(xdmesh.DistributedMesh.__init__)
    assert hints["f"] is exoslab.File and hints["ghosts"] is int


GOOD = '''
import exoslab
from exoslab.exomerge import ExodusModel, import_model

m: ExodusModel = import_model("in.e", timesteps="last")
m.create_element_block(1, ["hex8", 0, 8, 0])
m.create_node_field("temp", 1.0)
m.create_element_field("stress", [1, 2], "auto")
m.delete_element_field("all", "all")
n: int = m.get_node_count()
names: list = m.get_node_field_names()
ok: bool = m.element_block_exists(1)
m.merge_nodes(tolerance=1e-8)
m.rotate_geometry([0.0, 0.0, 1.0], 90)
m.export_model("out.e", timesteps=[0.0, 1.0])

f = exoslab.open("in.e")
mesh = exoslab.DistributedMesh(f, method="linear", ghosts=1)
k: int = mesh.num_nodes
with mesh.create_results("out.e", nodal=["temp"]) as r:
    r.write_step(0, 0.0, {"temp": mesh.coords[:, 0]})
'''

BAD = '''
import exoslab
from exoslab.exomerge import import_model

m = import_model("in.e")
m.create_node_field(3)
m.rotate_geometry([0.0, 0.0, 1.0], "ninety")
f = exoslab.open("in.e")
mesh = exoslab.DistributedMesh(f, ghosts="one")
'''


def test_mypy_accepts_the_whole_package_and_refuses_misuse(tmp_path):
    pkg = pathlib.Path(exoslab.__file__).parent
    modules = sorted(f"exoslab/{p.name}" for p in pkg.glob("*.py"))
    assert "exoslab/exomerge.py" in modules and "exoslab/_dmesh.py" in modules
    assert "exoslab/_em_topology.py" in modules
    good, bad = tmp_path / "good.py", tmp_path / "bad.py"
    good.write_text(GOOD)
    bad.write_text(BAD)
    r = _mypy(tmp_path, *modules, str(good))
    assert r.returncode == 0, r.stdout + r.stderr
    r = _mypy(tmp_path, str(bad))
    assert r.returncode == 1, r.stdout
    assert 'Argument 1 to "create_node_field" of "ExodusModel" has incompatible type "int"' \
        in r.stdout
    assert 'Argument 2 to "rotate_geometry" of "GeometryMixin" has incompatible type "str"' \
        in r.stdout
    assert 'Argument "ghosts" to "DistributedMesh" has incompatible type "str"' in r.stdout


def test_adding_to_a_missing_set_warns_and_creates_it():
    """mypy found '"%s% does not exist' in these two warnings: a TypeError
    (not enough arguments for format string) instead of the warning."""
    m = em.ExodusModel()
    m.create_nodes([[0.0, 0.0, 0.0], [1.0, 0.0, 0.0], [1.0, 1.0, 0.0], [0.0, 1.0, 0.0]])
    m.create_element_block(1, ["quad4", 1, 4, 0], [0, 1, 2, 3])
    with pytest.warns(em.ExomergeWarning):
        m.add_nodes_to_node_set(7, [0, 2])
    assert list(m.get_node_set_members(7)) == [0, 2]
    with pytest.warns(em.ExomergeWarning):
        m.add_faces_to_side_set(8, [(1, 0, 1)])
    assert [tuple(r) for r in m.get_side_set_members(8)] == [(1, 0, 1)]
