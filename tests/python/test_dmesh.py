"""DistributedMesh on a serial handle (one rank owns everything), the
closure binding, and bad methods."""
import numpy as np
import pytest

import exoslab
from conftest import corpus_file

NAME = "seacas__catalyst_block_crush_1.ex2"


def test_serial_mesh_is_the_file():
    path = corpus_file(NAME)
    with exoslab.open(path) as f:
        m = exoslab.DistributedMesh(f, ghosts=1)
        assert m.num_owned_nodes == f.num_nodes == m.num_nodes
        assert m.num_shared_nodes == m.num_ghost_nodes == 0 and m.shared == {}
        assert np.array_equal(m.node_global, np.arange(f.num_nodes))
        assert np.array_equal(m.coords, f.coords())
        assert np.array_equal(m.node_ids, f.id_map("node"))
        assert np.all(m.node_owner == 0)
        for bid, blk in m.blocks.items():
            assert blk.num_ghosts == 0
            assert np.array_equal(blk.connectivity + 1, f.connectivity(bid))
        assert m.num_owned_elems == f.num_elem
        v = f.nodal_var_names[0]
        assert np.array_equal(m.field(v, 3), f.nodal(v, 3))
        if f.element_var_names:
            e = f.element_var_names[0]
            got = m.field(e, -1)
            truth = f.truth_table("elem_block")
            for k, bid in enumerate(m.blocks):
                if truth[k, 0]:
                    want = f.var("elem_block", e, bid, -1)
                    assert np.array_equal(got[bid], want)
                else:
                    assert np.all(np.isnan(got[bid]))


def test_unique_nodes():
    conn = np.array([[5, 3, 9], [3, 5, 1]])
    assert np.array_equal(exoslab.unique_nodes(conn), [1, 3, 5, 9])
    assert exoslab.unique_nodes(np.zeros(0, dtype=np.int64)).size == 0


def test_methods_not_built_and_unknown():
    with exoslab.open(corpus_file(NAME)) as f:
        # a method is either in this build (and then owns everything on one
        # rank) or says EXS_ENOTBUILT naming its library
        for method, lib in [("rcb", "Zoltan"), ("hsfc", "Zoltan"), ("graph", "PT-Scotch")]:
            try:
                m = exoslab.DistributedMesh(f, method=method)
            except exoslab.Error as e:
                assert e.errname == "EXS_ENOTBUILT" and lib in str(e), str(e)
            else:
                assert m.num_owned_elems == f.num_elem and m.num_ghost_elems == 0
        with pytest.raises(exoslab.Error, match="unknown decomposition method"):
            exoslab.DistributedMesh(f, method="metis?")
        with pytest.raises(exoslab.ArgumentError):
            exoslab.DistributedMesh(f, ghosts=2)
        # the handle is fine afterwards
        assert exoslab.DistributedMesh(f).num_owned_elems == f.num_elem
