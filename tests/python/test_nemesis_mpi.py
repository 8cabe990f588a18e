"""Nemesis sets from Python under mpiexec -n 2 and -n 3 (mpi_pytest.py):
DistributedMesh.write_nemesis then DistributedMesh.from_nemesis gives the
mesh it was written from (owned elements by global index, connectivity in
global node numbers, coordinates, shared lists symmetric, each node owned
once); join_nemesis of the set equals the source file; bad sets raise on
every rank. Every test reaches the same verdict on every rank."""
import os

import numpy as np
import pytest

import exoslab
from conftest import corpus_file

MPI = pytest.importorskip("mpi4py.MPI")
pytestmark = pytest.mark.skipif(not exoslab.HAVE_MPI,
                                reason="the serial build has no communicators")
COMM = MPI.COMM_WORLD
FILES = ["seacas__catalyst_block_crush_1.ex2",    # CDF-2, 3 blocks, sets
         "exodusjl__epu_mesh_test.g.4.0"]         # 4225 nodes, sets


def agree(ok, what):
    bad = COMM.allgather(None if ok else what)
    bad = [f"rank {r}: {w}" for r, w in enumerate(bad) if w is not None]
    assert not bad, "\n".join(bad)


def shared_dir(name):
    d = os.path.join(os.environ.get("EXS_TEST_TMP", "/tmp"), f"py-nemesis-np{COMM.size}")
    if COMM.rank == 0:
        os.makedirs(d, exist_ok=True)
    COMM.Barrier()
    return os.path.join(d, name)


def global_conn(mesh, bid):
    blk = mesh.blocks[bid]
    return mesh.node_global[blk.connectivity[:blk.num_owned]] + 1


@pytest.mark.parametrize("name", FILES)
def test_write_then_read_is_the_mesh(name):
    src = corpus_file(name)
    base = shared_dir(name + ".e")
    with exoslab.open(src, comm=COMM) as f:
        m = exoslab.DistributedMesh(f)
        m.write_nemesis(base, clobber=True)
        ref = {bid: (blk.elem_global[:blk.num_owned], global_conn(m, bid))
               for bid, blk in m.blocks.items()}
    r = exoslab.DistributedMesh.from_nemesis(base, COMM)
    ok = r.file is None and r.method == "nemesis" and r.num_ghost_elems == 0
    for bid, (eg, conn) in ref.items():
        blk = r.blocks[bid]
        ok &= np.array_equal(blk.elem_global, eg) and np.array_equal(global_conn(r, bid), conn)
    agree(ok, "blocks differ from the mesh written")
    with exoslab.open(src) as s:
        xyz = s.coords()
        nn = s.num_nodes
    agree(np.array_equal(r.coords, xyz[r.node_global]), "coordinates by global index")
    owned = np.zeros(nn, dtype=np.int64)
    owned[r.node_global[r.owned_nodes]] = 1
    total = COMM.allreduce(owned)
    agree(bool((total == 1).all()), "a node not owned exactly once")
    mine = {q: r.node_global[idx].tolist() for q, idx in r.shared.items()}
    theirs = COMM.alltoall([mine.get(q, []) for q in range(COMM.size)])
    agree(all(theirs[q] == mine.get(q, []) for q in range(COMM.size)),
          "shared lists not symmetric")
    agree(r.neighbors == m.neighbors, "neighbours differ")
    with pytest.raises(exoslab.Error):
        r.field("anything", 0)


def test_join_equals_the_source():
    src = corpus_file("seacas__catalyst_block_crush_1.ex2")
    base = shared_dir("join.e")
    with exoslab.open(src, comm=COMM) as f:
        exoslab.DistributedMesh(f).write_nemesis(base, clobber=True)
    ok, what = True, None
    if COMM.rank == 0:
        out = base + ".joined"
        summary = exoslab.join_nemesis(base, out, clobber=True)
        with exoslab.open(src) as a, exoslab.open(out) as b:
            ok = (summary.nprocs == COMM.size and b.num_nodes == a.num_nodes and
                  b.num_elem == a.num_elem and np.array_equal(a.coords(), b.coords()))
            for bid in a.blocks:
                ok &= np.array_equal(a.connectivity(bid), b.connectivity(bid))
            for sid in a.node_sets:  # each node once, ascending
                ok &= np.array_equal(np.unique(a.set_members("node_set", sid)),
                                     b.set_members("node_set", sid))
            what = "joined file differs from the source"
    agree(ok, what)


def test_bad_sets_fail_everywhere():
    src = corpus_file("seacas__catalyst_block_crush_1.ex2")
    base = shared_dir("bad.e")
    with exoslab.open(src, comm=COMM) as f:
        exoslab.DistributedMesh(f).write_nemesis(base, clobber=True)
    COMM.Barrier()
    if COMM.rank == 0:
        os.unlink(exoslab.nemesis_name(base, COMM.size, COMM.size - 1))
    COMM.Barrier()
    with pytest.raises(exoslab.FileError) as e:
        exoslab.DistributedMesh.from_nemesis(base, COMM)
    assert exoslab.nemesis_name(base, COMM.size, COMM.size - 1) in str(e.value)
    if COMM.rank == 0:
        with pytest.raises(FileNotFoundError):
            exoslab.join_nemesis(base, base + ".j", COMM.size, clobber=True)
    COMM.Barrier()
    with pytest.raises(exoslab.Error):  # existing files without clobber
        with exoslab.open(src, comm=COMM) as f:
            exoslab.DistributedMesh(f).write_nemesis(base)
