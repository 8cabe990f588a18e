"""exoslab.exomerge against the reference exomerge3: the same call
sequences on both, results compared (ids, names, counts, arrays, the
WARNING texts printed, errors). Skips when python3-vtk9 is absent."""
import numpy as np
import pytest

import exoslab
from conftest import corpus_file, corpus_files
from conftest_exomerge import (both, diff, file_dump, require_reference,
                               same, snapshot)

GAP = "seacas__test-gap.g.et"


def check(fn):
    (mine, w_mine), (theirs, w_theirs) = both(fn)
    if isinstance(theirs, SystemExit):
        assert isinstance(mine, SystemExit), f"exomerge3 exits, we got {mine!r}"
    elif isinstance(mine, dict) and isinstance(theirs, dict):
        assert diff(mine, theirs) == []
    else:
        assert same(mine, theirs), (mine, theirs)
    assert w_mine == w_theirs
    return mine


def gap(mod, **kw):
    return mod.import_model(str(corpus_file(GAP)), **kw)


# ---- whole files ---------------------------------------------------------
def _importable(path):
    r = require_reference()
    try:
        from conftest_exomerge import run
        res, _ = run(r, lambda mod: snapshot(mod.import_model(str(path))))
    except Exception as e:                      # exomerge3 itself fails
        return None, e
    return res, None


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_import_matches_reference(path):
    theirs, err = _importable(path)
    if err is not None or isinstance(theirs, SystemExit):
        pytest.skip(f"exomerge3 cannot import {path.name}: {err or theirs}")
    from conftest_exomerge import run
    import exoslab.exomerge as ours
    mine, _ = run(ours, lambda mod: snapshot(mod.import_model(str(path))))
    if isinstance(mine, ours.ExomergeError) and "fixed-size" in str(mine):
        # exomerge3 reads NSIDED/NFACED blocks into a model it cannot
        # describe (no per-element node counts); exoslab refuses them
        # with this error (docs/exomerge.md lists it)
        assert "NSIDED" in str(mine) or "NFACED" in str(mine)
        return
    assert not isinstance(mine, BaseException), mine
    assert diff(mine, theirs) == []


# ---- call sequences on one small file with every kind of entity -------------
def _seq(*calls):
    """A model of GAP, the calls applied, then its snapshot."""
    def fn(mod):
        m = gap(mod)
        out = [c(m) for c in calls]
        return {"calls": out, **snapshot(m)}
    return fn


SEQUENCES = {
    "rename_block_id": _seq(lambda m: m.rename_element_block(11, 100)),
    "rename_block_name": _seq(lambda m: m.rename_element_block(10, "left"),
                              lambda m: m.get_element_count("left"),
                              lambda m: m.get_element_block_name("left")),
    "delete_blocks": _seq(lambda m: m.delete_element_block([11, 12])),
    "delete_block_keep_nodes": _seq(
        lambda m: m.delete_element_block(11, delete_orphaned_nodes=False)),
    "delete_block_plural_alias": _seq(lambda m: m.delete_element_blocks(13)),
    "create_timestep_between": _seq(lambda m: m.create_timestep(0.015),
                                    lambda m: m.get_timesteps()),
    "create_existing_timestep": _seq(lambda m: m.create_timestep(0.02)),
    "delete_timesteps": _seq(lambda m: m.delete_timestep("first"),
                             lambda m: m.delete_timestep([0.03, 0.05]),
                             lambda m: m.delete_timestep("last")),
    "node_field_defaults": _seq(lambda m: m.create_node_field("temp"),
                                lambda m: m.create_node_field("disp_x"),
                                lambda m: m.create_node_field("heat", 2.5),
                                lambda m: m.create_node_field("nod_var0")),
    "element_fields": _seq(
        lambda m: m.create_element_field("eqps", [10, 11], 2.0),
        lambda m: m.create_element_field("ele_var0", 10),
        lambda m: m.delete_element_field("ele_var*", [12, 13]),
        lambda m: m.element_field_exists("ele_var1"),
        lambda m: m.element_field_exists("ele_var1", 10)),
    "wildcards": _seq(lambda m: m.delete_node_field("nod_*"),
                      lambda m: m.get_node_field_names()),
    "field_values": _seq(
        lambda m: list(m.get_element_field_values("ele_var0", 12, "last")),
        lambda m: list(m.get_element_field_values("ele_var2", 12, 0.02)),
        lambda m: list(m.get_node_field_values("nod_var1", "first"))),
    "unknown_ids_warn": _seq(lambda m: m.get_element_count([10, 999]),
                             lambda m: m.delete_node_set([20, 4242])),
    "renames": _seq(
        lambda m: m.rename_node_field("nod_var0", "temperature"),
        lambda m: m.rename_global_variable("glo_vars", "energy"),
        lambda m: m.rename_element_field("ele_var1", "stress"),
        lambda m: m.rename_node_set(20, 200),
        lambda m: m.rename_node_set(21, "top"),
        lambda m: m.rename_side_set(30, "surf"),
        lambda m: m.rename_side_set(31, 310)),
    "sets": _seq(
        lambda m: m.create_node_set(5, [0, 1, 1, 2]),
        lambda m: m.create_side_set(6, [(10, 0, 0), (10, 0, 0), (11, 0, 2)]),
        lambda m: m.create_node_set_field("t", 5, 3.0),
        lambda m: m.create_side_set_field("p", [6]),
        lambda m: m.node_set_field_exists("t", 5),
        lambda m: m.side_set_field_exists("p"),
        lambda m: m.rename_node_set_field("t", "tt"),
        lambda m: m.rename_side_set_field("p", "pp", 6),
        lambda m: m.delete_side_set_field("pp"),
        lambda m: m.delete_node_set(21),
        lambda m: m.delete_side_set([31, 32])),
    "globals": _seq(lambda m: m.create_global_variable("ke", 1.0),
                    lambda m: m.create_global_variable("ke"),
                    lambda m: m.global_variable_exists("ke"),
                    lambda m: m.delete_global_variable("glo*")),
    "exists": _seq(lambda m: m.element_block_exists(10),
                   lambda m: m.element_block_exists(99),
                   lambda m: m.node_set_exists(20),
                   lambda m: m.side_set_exists(30),
                   lambda m: m.timestep_exists(0.01),
                   lambda m: m.timestep_exists(7.0),
                   lambda m: m.node_field_exists("nod_var0")),
    "create_nodes_and_block": _seq(
        lambda m: m.create_nodes([[5.0, 5.0, 5.0], [6.0, 5.0, 5.0]]),
        lambda m: m.create_element_block(99, ["BAR2", 1, 2, 0], [26, 27]),
        lambda m: m.get_nodes_per_element(99),
        lambda m: m.get_element_count()),
    "field_name_order": _seq(
        lambda m: [m.create_node_field(n) for n in
                   ("stress_yy", "stress_xx", "a", "stress_xy", "vel_z",
                    "vel_x", "ip_2", "ip_1")],
        lambda m: m.get_node_field_names()),
    "first_last_ids": _seq(lambda m: m.get_element_count("first"),
                           lambda m: m.get_element_count("last"),
                           lambda m: m.get_node_set_members("last").tolist()
                           if hasattr(m.get_node_set_members("last"), "tolist")
                           else m.get_node_set_members("last")),
    "set_field_values_args": _seq(
        lambda m: m.create_node_set_field("q", 20, 1.5),
        lambda m: list(m.get_node_set_field_values("q", 20, "last"))),
}


@pytest.mark.parametrize("name", sorted(SEQUENCES))
def test_sequence_matches_reference(name):
    check(SEQUENCES[name])


ERRORS = {
    "auto_ambiguous": lambda mod: gap(mod).get_connectivity(),
    "block_exists": lambda mod: gap(mod).create_element_block(
        10, ["hex8", 0, 8, 0]),
    "no_such_field": lambda mod: gap(mod).get_node_field_values("nope"),
    "no_such_step": lambda mod: gap(mod).get_node_field_values("nod_var0", 9.0),
    "import_existing_block": lambda mod: gap(mod).import_model(
        str(corpus_file(GAP))),
    "missing_file": lambda mod: mod.import_model("/nonexistent/file.e"),
    "field_on_other_block": lambda mod: _with_field_on_10(mod),
}


def _with_field_on_10(mod):
    m = gap(mod)
    m.create_element_field("only10", 10, 1.0)
    return m.get_element_field_values("only10", 11)


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_error_matches_reference(name):
    (mine, _), (theirs, _) = both(ERRORS[name])
    assert isinstance(theirs, SystemExit)
    assert isinstance(mine, SystemExit) and isinstance(mine, ValueError)


# ---- import selections and merging ---------------------------------------
IMPORTS = {
    "blocks_subset": lambda mod: gap(mod, element_block_ids=[12, 13]),
    "last_step_one_field": lambda mod: gap(
        mod, timesteps="last", node_field_names="nod_var1",
        element_field_names="none", global_variable_names="none"),
    "no_steps": lambda mod: gap(mod, timesteps="none"),
    "steps_list": lambda mod: gap(mod, timesteps=[0.02, 0.04]),
    "sets_subset": lambda mod: gap(mod, side_set_ids=[30], node_set_ids="none",
                                   side_set_field_names="none"),
    "merge_two_halves": lambda mod: _merge(mod),
    "merge_different_steps": lambda mod: _merge(mod, [0.01, 0.02], [0.02, 0.03]),
    "last_if_any": lambda mod: gap(mod, timesteps="last_if_any"),
}


def _merge(mod, t1="all", t2="all"):
    m = mod.ExodusModel()
    m.import_model(str(corpus_file(GAP)), element_block_ids=[10, 11],
                   timesteps=t1)
    m.import_model(str(corpus_file(GAP)), element_block_ids=[12, 13, 14],
                   timesteps=t2)
    return m


@pytest.mark.parametrize("name", sorted(IMPORTS))
def test_import_selection_matches_reference(name):
    check(lambda mod: snapshot(IMPORTS[name](mod)))


# ---- export: the written files compared value by value ------------------------
EXPORTS = {
    "all": lambda m, p: m.export_model(p),
    # (exomerge3 fails with KeyError when a side set has faces of a block
    # that is not exported; exoslab drops those faces)
    "blocks_steps": lambda m, p: m.export_model(
        p, element_block_ids=[10, 12], timesteps=[0.01, 0.02],
        side_set_ids="none"),
    "no_fields": lambda m, p: m.export_model(
        p, node_field_names="none", element_field_names="none",
        global_variable_names="none"),
    "no_steps": lambda m, p: m.export_model(p, timesteps="none"),
    "by_extension": lambda m, p: m.export(p),
    "edited": lambda m, p: (m.delete_element_block(11),
                            m.rename_element_block(12, 120),
                            m.create_node_field("disp_x"),
                            m.create_timestep(0.5),
                            m.export_model(p)),
}


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_export_matches_reference(name, tmp):
    require_reference()
    paths = {}

    def fn(mod):
        p = str(tmp / f"{mod.__name__.replace('.', '_')}.e")
        EXPORTS[name](gap(mod), p)
        paths[mod.__name__] = p
        return True

    check(fn)
    a, b = (file_dump(p) for p in paths.values())
    assert [k for k in sorted(set(a) | set(b)) if not same(a.get(k), b.get(k))] \
        == []


def test_merged_export_matches_reference(tmp):
    require_reference()
    paths = {}

    def fn(mod):
        p = str(tmp / f"{mod.__name__.replace('.', '_')}.e")
        _merge(mod, [0.01, 0.02], [0.02, 0.03]).export_model(p)
        paths[mod.__name__] = p
        return True

    check(fn)
    a, b = (file_dump(p) for p in paths.values())
    assert [k for k in sorted(set(a) | set(b)) if not same(a.get(k), b.get(k))] \
        == []
