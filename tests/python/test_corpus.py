"""Every file of the corpus: the binding returns exactly what the C library
returns (exs_pydump) and what netCDF4-python reads by the Exodus naming
conventions: coordinates, connectivity, attributes, sets, maps, times and
every variable at every step."""
import numpy as np
import pytest

import exoslab
from conftest import compare_with, corpus_files

FILES = corpus_files()
IDS = [p.name for p in FILES]


def _compare(f, ref):
    return compare_with(f, ref)


def test_corpus_present():
    assert len(FILES) >= 50, "the corpus (EXS_CORPUS) is missing or incomplete"


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_matches_c_library(path, c_dump):
    ref = c_dump(path)
    with exoslab.open(path) as f:
        bad, checked = _compare(f, ref)
    assert not bad, "\n".join(bad)
    assert checked == len(ref)


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_matches_netcdf4(path, nc_reference):
    ref = nc_reference(path.name)
    with exoslab.open(path) as f:
        bad, checked = _compare(f, ref)
        meta_bad = _compare_meta(f, ref)
    assert not bad + meta_bad, "\n".join(bad + meta_bad)


def _b(s):
    return s.encode("utf-8", "surrogateescape")


def _compare_meta(f, ref):
    bad = []
    title = bytes(ref["meta:title"]).split(b"\0")[0].rstrip(b" ")
    if _b(f.title) != title:
        bad.append(f"title {f.title!r} != {title!r}")
    if "meta:qa" in ref:
        want = [tuple(ref["meta:qa"][i:i + 4]) for i in range(0, len(ref["meta:qa"]), 4)]
        got = [tuple(_b(x) for x in r) for r in f.qa_records]
        if got != want:
            bad.append(f"QA {got[:2]} != {want[:2]}")
    if "meta:info" in ref:
        got = [_b(x) for x in f.info_records]
        if got != list(ref["meta:info"]):
            bad.append(f"info records differ: {got[:2]} vs {list(ref['meta:info'])[:2]}")
    for key, kind in (("meta:eb_names", "elem_block"), ("meta:ns_names", "node_set"),
                      ("meta:ss_names", "side_set")):
        if key in ref:
            got = [_b(e.name) for e in f.entities(kind).infos]
            if got != list(ref[key]):
                bad.append(f"{kind} names {got} != {list(ref[key])}")
    for key, kind in (("meta:nodvar", "nodal"), ("meta:elemvar", "elem_block"),
                      ("meta:glovar", "global")):
        if key in ref:
            got = [_b(n) for n in f.var_names(kind)]
            if got != list(ref[key]):
                bad.append(f"{kind} variable names {got} != {list(ref[key])}")
    return bad


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_arrays_own_their_memory(path):
    """Every array the binding hands out is numpy's (owndata) or a view of
    one that is: nothing points into library memory."""
    with exoslab.open(path) as f:
        arrays = [f.times, f.id_map("node"), f.id_map("elem")]
        if f.num_dim:
            arrays.append(f.coords())
        for bid, b in f.blocks.items():
            arrays.append(f.connectivity(bid))
            if b.num_attr:
                arrays.append(f.attributes(bid))
        for sid in f.side_sets:
            arrays.extend(f.side_set(sid))
        if f.num_times and f.nodal_var_names:
            arrays.append(f.nodal(0, -1))
    for a in arrays:
        assert isinstance(a, np.ndarray)
        assert a.flags.owndata or (a.base is not None and a.base.flags.owndata)


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_counts_agree(path):
    """Sizes in the metadata agree with the arrays read."""
    with exoslab.open(path) as f:
        if f.num_dim:
            assert f.coords().shape == (f.num_nodes, f.num_dim)
        total = 0
        for bid, b in f.blocks.items():
            c = f.connectivity(bid)
            if b.topology not in ("NSIDED", "NFACED"):
                assert c.shape == (b.num_entries, b.nodes_per_entry)
            total += b.num_entries
        assert total == f.num_elem
        for sid, s in f.node_sets.items():
            assert f.node_set(sid).shape == (s.num_entries,)
        assert f.times.shape == (f.num_times,)
