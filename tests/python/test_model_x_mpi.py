"""Assemblies, blobs, reduction variables and frames through a parallel
(mpi4py) File in collective mode, under mpiexec -n 2 and -n 3
(mpi_pytest.py): each rank's slab equals a serial open's read of it, and
a file written collectively reads back serially. Verdicts are agreed over
all ranks before asserting."""
import numpy as np
import pytest

import exoslab
from conftest import corpus_file

MPI = pytest.importorskip("mpi4py.MPI")
pytestmark = pytest.mark.skipif(not exoslab.HAVE_MPI,
                                reason="the serial build has no communicators")
COMM = MPI.COMM_WORLD


def agree(ok, what):
    """Assert on every rank that ok held on every rank."""
    bad = [f"rank {r}: {w}" for r, w in enumerate(COMM.allgather(None if ok else what))
           if w is not None]
    assert not bad, "\n".join(bad)


def share(n):
    per = -(-n // COMM.size)
    lo = min(per * COMM.rank, n)
    return lo, min(per, n - lo)


def test_collective_reads_equal_serial():
    path = corpus_file("seacas__scripts_test-assembly.exo")
    with exoslab.open(path, comm=COMM) as p, exoslab.open(path) as s:
        ok = sorted(p.assemblies) == sorted(s.assemblies)
        truth = s.red_truth("assembly")
        for i, aid in enumerate(s.assemblies):
            n = s.assembly(aid).num_members
            lo, cnt = share(n)
            ok &= p.assembly_members(aid, lo, cnt).tolist() == \
                s.assembly_members(aid, lo, cnt).tolist()
            if not truth[i]:
                continue
            lo, cnt = share(len(s.red_var_names("assembly")))
            for step in range(s.num_times):
                ok &= np.array_equal(p.red_vars("assembly", aid, step, lo, cnt),
                                     s.red_vars("assembly", aid, step, lo, cnt))
        agree(ok, "a collective read differs from the serial one")


def test_collective_write_reads_back(scratch):
    d = COMM.bcast(str(scratch) if COMM.rank == 0 else None)
    path = f"{d}/mx_mpi_{COMM.size}.exo"
    f = exoslab.create(path, comm=COMM, clobber=True, format="nc4")
    f.def_mesh("mx", 1, 1)
    f.def_block(1, "SPHERE", 1, 1)
    f.def_assembly(5, "a", "elem_block", 7)
    f.def_red_vars("assembly", ["r0", "r1", "r2", "r3"])
    f.def_frames(3)
    f.put_coord(0, np.zeros(1 if COMM.rank == 0 else 0))
    f.put_connectivity(1, np.ones((1 if COMM.rank == 0 else 0, 1), np.int64))
    lo, n = share(7)
    f.put_assembly_members(5, np.arange(lo, lo + n) + 100, lo)
    lo, n = share(3)
    f.put_frames(np.arange(lo, lo + n), np.ones((n, 9)) * COMM.rank, "C" * n, lo)
    f.put_time(0, 0.0)
    lo, n = share(4)
    f.put_red_vars("assembly", 5, 0, np.arange(lo, lo + n) * 1.5, lo)
    f.close()
    with exoslab.open(path) as g:
        ok = g.assembly_members(5).tolist() == list(range(100, 107))
        ok &= g.red_vars("assembly", 5, 0).tolist() == [0.0, 1.5, 3.0, 4.5]
        fr = g.frames()
        ok &= fr.ids.tolist() == [0, 1, 2] and fr.tags == b"CCC"
    agree(ok, "the collective write did not read back")
