"""File.get_vars / File.put_vars on a parallel (mpi4py) File, under
mpiexec -n 2 and -n 3 (mpi_pytest.py): collective batches where every
rank passes its own slabs (a different number of them, or none), checked
against single-call reads of a serial open; a rank with a bad request
makes every rank raise instead of leaving them waiting. Verdicts are
agreed over all ranks before asserting."""
import numpy as np
import pytest

import exoslab

MPI = pytest.importorskip("mpi4py.MPI")
pytestmark = pytest.mark.skipif(not exoslab.HAVE_MPI,
                                reason="the serial build has no communicators")
COMM = MPI.COMM_WORLD
NN, NE = 10, 7


def agree(ok, what):
    """Assert on every rank that ok held on every rank."""
    bad = [f"rank {r}: {w}" for r, w in enumerate(COMM.allgather(None if ok else what))
           if w is not None]
    assert not bad, "\n".join(bad)


def share(n):
    per = -(-n // COMM.size)
    lo = min(per * COMM.rank, n)
    return lo, min(per, n - lo)


def want(step, k, n):
    return np.arange(n, dtype=float) + 10.0 * k + 100.0 * step


@pytest.fixture(params=["cdf5", "nc4"])
def written(request, scratch):
    """A file written collectively by put_vars: each rank its share."""
    d = COMM.bcast(str(scratch) if COMM.rank == 0 else None)
    path = f"{d}/batch_mpi_{COMM.size}.{request.param}"
    f = exoslab.create(path, comm=COMM, clobber=True, format=request.param)
    f.def_mesh("batch", 1, NN)
    f.def_block(1, "BAR2", NE, 2)
    f.def_vars("nodal", ["u", "v"])
    f.def_vars("elem_block", ["s"])
    lo, cnt = share(NN)
    f.put_coord(0, np.arange(lo, lo + cnt, dtype=float), lo)
    elo, ecnt = share(NE)
    conn = np.array([[i + 1, i + 2] for i in range(elo, elo + ecnt)], np.int64)
    f.put_connectivity(1, conn.reshape(ecnt, 2), start=elo)
    for step in range(2):
        f.put_time(step, float(step))
        reqs = [("nodal", "u", None, want(step, 0, NN)[lo:lo + cnt], lo),
                ("elem_block", "s", 1, want(step, 2, NE)[elo:elo + ecnt], elo)]
        if COMM.rank != 1:          # rank 1 writes v in two halves
            reqs.append(("nodal", "v", None, want(step, 1, NN)[lo:lo + cnt], lo))
        else:
            h = cnt // 2
            reqs += [("nodal", "v", None, want(step, 1, NN)[lo:lo + h], lo),
                     ("nodal", "v", None, want(step, 1, NN)[lo + h:lo + cnt], lo + h)]
        f.put_vars(step, reqs)
    f.close()
    return path


def test_put_vars_reads_back_serially(written):
    with exoslab.open(written) as s:
        ok = s.num_times == 2
        for step in range(2):
            ok &= np.array_equal(s.nodal("u", step), want(step, 0, NN))
            ok &= np.array_equal(s.nodal("v", step), want(step, 1, NN))
            ok &= np.array_equal(s.element("s", 1, step), want(step, 2, NE))
    agree(ok, "a put_vars batch reads back wrong")


def test_get_vars_equals_single_reads(written):
    lo, cnt = share(NN)
    with exoslab.open(written, comm=COMM) as p, exoslab.open(written) as s:
        ok = True
        for step in range(2):
            reqs = [("nodal", "u", None, lo, cnt), ("elem_block", "s", 1, 0, None)]
            if COMM.rank == 0:
                reqs.append(("nodal", "v", None, 0, 3))
            if COMM.rank == 2:
                reqs = []                      # a rank with nothing still calls
            buf = np.full(cnt, -1.0)
            outs = [buf] + [None] * (len(reqs) - 1) if reqs else None
            got = p.get_vars(step, reqs, out=outs)
            ok &= len(got) == len(reqs)
            if reqs:
                ok &= got[0] is buf
            for r, g in zip(reqs, got):
                ok &= np.array_equal(g, s.var(r[0], r[1], r[2], step, r[3], r[4]))
        before = p.stats()["collective_calls"]
        p.get_vars(0, [("nodal", "u", None, lo, cnt), ("nodal", "v", None, lo, cnt)])
        calls = p.stats()["collective_calls"] - before
        if p.format == "cdf5":          # PnetCDF: one collective wait
            ok &= calls == 1
    agree(ok, "a get_vars batch differs from the single-call reads")


def test_independent_mode_get_vars(written):
    lo, cnt = share(NN)
    with exoslab.open(written, comm=COMM) as p, exoslab.open(written) as s:
        p.collective = False
        ok = True
        if p.format == "cdf5":       # netCDF-4 record data reads collectively
            g = p.get_vars(1, [("nodal", "v", None, lo, cnt)])[0]
            ok = np.array_equal(g, s.nodal("v", 1, lo, cnt))
        p.collective = True
    agree(ok, "an independent get_vars differs")


@pytest.mark.parametrize("bad", ["unknown id", "slab", "out", "variable"])
def test_a_bad_rank_fails_every_rank(written, bad):
    last = COMM.size - 1
    with exoslab.open(written, comm=COMM) as p:
        req, out = ("nodal", "u", None, 0, 2), None
        if COMM.rank == last:
            req, out = {"unknown id": (("elem_block", "s", 99), None),
                        "slab": (("nodal", "u", None, NN, 5), None),
                        "out": (req, [np.zeros(5, np.int16)]),
                        "variable": (("nodal", 5, None), None)}[bad]
        try:
            p.get_vars(0, [req], out=out)
            err = None
        except exoslab.Error as e:
            err = e
        ok = err is not None
        if COMM.rank == last and bad == "unknown id":
            ok &= isinstance(err, exoslab.NotFoundError)
        # still in step afterwards: a collective read works on every rank
        lo, cnt = share(NN)
        ok &= np.array_equal(p.get_vars(1, [("nodal", "u", None, lo, cnt)])[0],
                             want(1, 0, NN)[lo:lo + cnt])
    agree(ok, f"a bad {bad} on the last rank did not fail every rank")


def test_put_vars_bad_rank_fails_every_rank(written):
    last = COMM.size - 1
    with exoslab.open(written, "a", comm=COMM) as p:
        data = np.zeros(NN + 3 if COMM.rank == last else 0)
        try:
            p.put_vars(0, [("nodal", "u", None, data, 0)])
            ok = False
        except exoslab.Error:
            ok = True
    with exoslab.open(written) as s:
        ok &= np.array_equal(s.nodal("u", 0), want(0, 0, NN))
    agree(ok, "a bad put_vars on the last rank did not fail every rank")
