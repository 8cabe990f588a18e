"""Malformed files seen from Python: references the old model would have
turned into index -1 are refused, duplicate block ids are refused at open,
File.check_references reports bad references, and iter_connectivity walks
NSIDED / NFACED blocks (flat slabs) as well as fixed ones."""
import os
import subprocess

import numpy as np
import pytest

import exoslab
from exoslab.exomerge import ExomergeError
from conftest import corpus_file

GEN = os.environ.get("EXS_GEN_MALFORMED")


@pytest.fixture(scope="module")
def mf(tmp_path_factory):
    if not GEN or not os.path.exists(GEN):
        pytest.skip("EXS_GEN_MALFORMED (the gen_malformed program) not set")
    d = tmp_path_factory.mktemp("malformed")
    subprocess.run([GEN, str(d)], check=True, capture_output=True)
    return d


@pytest.mark.parametrize("name, what", [
    ("conn-node-zero.exo", "Element block 10 .*: its connectivity .*holds 0, outside 1..6"),
    ("conn-node-negative.exo", "Element block 10 .*: its connectivity .*holds -3, outside 1..6"),
    ("conn-node-past-end.exo", "Element block 10 .*: its connectivity .*holds 7, outside 1..6"),
    ("set-member-zero.exo", "Node set 1 .*: its members holds 0, outside 1..6"),
    ("side-elem-past-end.exo", "Side set 2 .*: its elements holds 4, outside 1..3"),
])
def test_model_refuses_bad_references(mf, name, what):
    with pytest.raises(ExomergeError, match=what):
        exoslab.import_model(mf / name)


def test_file_reads_as_stored_and_check_reports(mf):
    with exoslab.open(mf / "conn-node-zero.exo") as f:
        conn = f.connectivity(10)
        assert conn.tolist() == [[1, 2, 0, 4], [2, 3, 6, 5]]  # as stored
        with pytest.raises(exoslab.Error, match="node 0, outside 1..6"):
            f.check_references()
    with exoslab.open(mf / "ok-cdf2.exo") as f:
        f.check_references()
        assert f.connectivity(10).tolist() == [[1, 2, 5, 4], [2, 3, 6, 5]]


def test_duplicate_block_ids_refused(mf):
    with pytest.raises(exoslab.Error, match="two element blocks have id 10"):
        exoslab.open(mf / "ids-duplicate.exo")
    with pytest.raises(exoslab.Error, match="block ids must be unique"):
        exoslab.import_model(mf / "ids-duplicate.exo")


def test_ok_model_imports(mf):
    m = exoslab.import_model(mf / "ok-nc4.exo")
    try:
        np.testing.assert_array_equal(m.get_connectivity(10), [0, 1, 4, 3, 1, 2, 5, 4])
        np.testing.assert_array_equal(m.get_node_set_members(1), [0, 3])
    finally:
        m.close()


@pytest.mark.parametrize("name", ["seacas-dmp__testwt-nfaced.exo",
                                  "seacas-hist__ioss_two_polys.e"])
def test_iter_connectivity_polyhedra(name):
    with exoslab.open(corpus_file(name)) as f:
        seen = 0
        for bid, b in f.blocks.items():
            whole = f.connectivity(bid, flat=True)
            for chunk in (1, 3, 1000):
                parts = [v.copy() for _, v in f.iter_connectivity(bid, chunk=chunk)]
                got = np.concatenate(parts) if parts else np.zeros(0, np.int64)
                np.testing.assert_array_equal(got.ravel(), whole.ravel())
            if b.topology in ("NSIDED", "NFACED"):
                seen += 1
                total = b.faces_per_entry if b.topology == "NFACED" else b.nodes_per_entry
                assert whole.size == total
                assert int(f.entry_counts(bid).sum()) == total
        assert seen > 0
