"""Parallel (mpi4py) use of the binding, run under mpiexec -n 2 and -n 3 by
mpi_pytest.py. Every test reaches the same verdict on every rank: local
checks are combined with an allreduce before asserting, and collective
calls never depend on a local assertion.

Values are compared with a serial open of the same file on each rank.
"""
import os

import numpy as np
import pytest

import exoslab
from conftest import corpus_file

MPI = pytest.importorskip("mpi4py.MPI")
pytestmark = pytest.mark.skipif(not exoslab.HAVE_MPI,
                                reason="the serial build has no communicators")

COMM = MPI.COMM_WORLD

# One file per container format (PnetCDF serves CDF-1/2/5, parallel HDF5
# netCDF-4), with results variables where available.
FILES = [
    "seacas__test-gap.g.et",                     # CDF-1
    "seacas__catalyst_block_crush_1.ex2",        # CDF-2, 3 blocks, 11 steps
    "derived__aero_blunt_wedge_wall_test3.cdf5.ex2",
    "derived__block_crush_1.nc4z.ex2",           # netCDF-4, deflate
    "petsc__hybrid_hexwedge.exo",                # netCDF-4, int64
    "exodusjl__epu_mesh_test.g.4.0",
]


def agree(ok, what):
    """Assert on every rank that ok held on every rank."""
    bad = COMM.allgather(None if ok else what)
    bad = [f"rank {r}: {w}" for r, w in enumerate(bad) if w is not None]
    assert not bad, "\n".join(bad)


def shared_dir(scratch):
    """A directory all ranks see (rank 0's scratch)."""
    d = COMM.bcast(str(scratch) if COMM.rank == 0 else None)
    return d


@pytest.mark.parametrize("name", FILES)
def test_partition_covers_everything(name):
    with exoslab.open(corpus_file(name), comm=COMM) as f:
        assert f.parallel and f.collective
        assert (f.rank, f.size) == (COMM.rank, COMM.size)
        p = f.partition()
        parts = COMM.allgather((p.node_start, p.node_count, p.elem_start,
                                p.elem_count))
        pieces = f.partition_pieces(p.elem_start, p.elem_count)
        nn, ne = f.num_nodes, f.num_elem
    nodes = sorted((s, c) for s, c, _, _ in parts)
    elems = sorted((s, c) for _, _, s, c in parts)
    pos_n = pos_e = 0
    for (sn, cn), (se, ce) in zip(nodes, elems):
        pos_n = pos_n + cn if sn == pos_n or cn == 0 else -1
        pos_e = pos_e + ce if se == pos_e or ce == 0 else -1
    agree(pos_n == nn and pos_e == ne, f"partition {parts} of {nn}/{ne}")
    agree(sum(c for _, _, c, _ in pieces) == p.elem_count, f"pieces {pieces}")


@pytest.mark.parametrize("name", FILES)
def test_collective_reads_match_serial(name):
    path = corpus_file(name)
    errors = []
    with exoslab.open(path) as s, exoslab.open(path, comm=COMM) as f:
        p = f.partition()
        xyz = f.coords(p.node_start, p.node_count)
        if not np.array_equal(xyz, s.coords()[p.nodes]):
            errors.append("coords")
        # Collective: every rank calls for every block, count 0 where it
        # owns none of it.
        mine = {bid: (start, count) for bid, start, count, _ in
                f.partition_pieces(p.elem_start, p.elem_count)}
        for bid in f.blocks:
            start, count = mine.get(bid, (0, 0))
            got = f.connectivity(bid, start, count)
            if not np.array_equal(got, s.connectivity(bid)[start:start + count]):
                errors.append(f"connectivity of block {bid}")
        # Every rank makes the same sequence of collective calls.
        for step in range(f.num_times):
            for v in range(len(f.nodal_var_names)):
                got = f.nodal(v, step, p.node_start, p.node_count)
                if not np.array_equal(got, s.nodal(v, step)[p.nodes]):
                    errors.append(f"nodal {v} step {step}")
            if f.global_var_names and not np.array_equal(f.global_vars(step),
                                                        s.global_vars(step)):
                errors.append(f"globals step {step}")
        if not np.array_equal(f.times, s.times):
            errors.append("times")
        all_ids = f.id_map("node", p.node_start, p.node_count)
        if not np.array_equal(all_ids, s.id_map("node")[p.nodes]):
            errors.append("node id map")
    agree(not errors, errors)


def test_out_in_place_collective():
    path = corpus_file("seacas__catalyst_block_crush_1.ex2")
    with exoslab.open(path, comm=COMM) as f, exoslab.open(path) as s:
        p = f.partition()
        out = np.empty(p.node_count)
        ptr = out.ctypes.data
        res = f.nodal(0, 3, p.node_start, p.node_count, out=out)
        ok = res is out and out.ctypes.data == ptr and \
            np.array_equal(out, s.nodal(0, 3)[p.nodes])
    agree(ok, "out= not filled in place")


def test_independent_mode():
    path = corpus_file("seacas__catalyst_block_crush_1.ex2")
    with exoslab.open(path, comm=COMM) as f, exoslab.open(path) as s:
        f.collective = False
        # Ranks read different amounts, without waiting for each other.
        n = COMM.rank + 1
        ok = np.array_equal(f.coords(0, n), s.coords()[:n])
        f.collective = True
        ok = ok and np.array_equal(f.coord(0), s.coord(0))
    agree(ok, "independent reads")


def test_errors_reach_every_rank():
    path = corpus_file("seacas__test-gap.g.et")
    with exoslab.open(path, comm=COMM) as f:
        # A bad slab on the last rank only: every rank raises.
        bad = COMM.rank == COMM.size - 1
        try:
            f.coords(0, 1000 if bad else 1)
            outcome = "no error"
        except exoslab.Error as e:
            outcome = type(e).__name__ + ": " + str(e)
        agree(outcome != "no error", outcome)
        agree(not bad or "outside" in outcome, outcome)
        # A bad out= on rank 0 only (caught before the library): still all.
        out = np.empty(3 if COMM.rank == 0 else 26)
        try:
            f.nodal(0, 0, out=out)
            outcome = "no error"
        except exoslab.Error as e:
            outcome = type(e).__name__ + ": " + str(e)
        agree(outcome != "no error", outcome)
        agree(COMM.rank != 0 or "shape" in outcome, outcome)
        # The handle is still usable afterwards on every rank.
        agree(f.coords(0, 2).shape == (2, 3), "handle broken")


def test_not_a_communicator():
    with pytest.raises(TypeError, match="mpi4py communicator"):
        exoslab.open(corpus_file("seacas__test-gap.g.et"), comm="world")


def test_comm_self_and_split():
    path = corpus_file("seacas__test-gap.g.et")
    with exoslab.open(path, comm=MPI.COMM_SELF) as f:
        ok = f.size == 1 and f.partition().node_count == f.num_nodes
    half = COMM.Split(COMM.rank % 2, COMM.rank)
    with exoslab.open(path, comm=half) as f:
        ok = ok and f.size == half.size and f.rank == half.rank
        p = f.partition()
        counts = half.allgather(p.node_count)
        ok = ok and sum(counts) == f.num_nodes
    half.Free()
    agree(ok, "COMM_SELF / split communicator")


@pytest.mark.parametrize("fmt", ["nc4", "cdf5", "cdf2"])
def test_parallel_write(scratch, fmt):
    """Every rank writes its slab of nodes, elements and results into one
    file; a serial read sees the whole."""
    path = f"{shared_dir(scratch)}/par-{fmt}-{COMM.size}.exo"
    n_nodes, n_elem, steps = 4 * 97, 97 * 3, 3
    xyz = np.arange(n_nodes * 3, dtype=float).reshape(n_nodes, 3) / 7.0
    conn = (np.arange(n_elem * 2).reshape(n_elem, 2) % n_nodes) + 1
    with exoslab.create(path, comm=COMM, clobber=True, format=fmt) as f:
        f.def_mesh("parallel", 3, n_nodes)
        f.def_block(1, "BAR2", n_elem, 2, name="bars")
        f.def_vars("nodal", ["u"])
        f.def_vars("global", ["g"])
        ns = slice(*_share(n_nodes))
        es = slice(*_share(n_elem))
        f.put_coords(xyz[ns], start=ns.start)
        f.put_connectivity(1, conn[es], start=es.start)
        for step in range(steps):
            f.put_time(step, step * 0.5)
            f.put_nodal("u", step, xyz[ns, 0] + step, start=ns.start)
            f.put_global_vars(step, [step * 2.0] if COMM.rank == 0 else [],
                              start=0)
    errors = []
    with exoslab.open(path) as s:
        if not np.array_equal(s.coords(), xyz):
            errors.append("coords")
        if not np.array_equal(s.connectivity(1), conn):
            errors.append("connectivity")
        if not np.array_equal(s.times, np.arange(steps) * 0.5):
            errors.append(f"times {s.times}")
        for step in range(steps):
            if not np.array_equal(s.nodal("u", step), xyz[:, 0] + step):
                errors.append(f"u at {step}")
            if s.global_vars(step)[0] != step * 2.0:
                errors.append(f"g at {step}")
    agree(not errors, errors)


def _share(n):
    """This rank's contiguous share of [0, n): (start, stop)."""
    per, extra = divmod(n, COMM.size)
    start = COMM.rank * per + min(COMM.rank, extra)
    return start, start + per + (COMM.rank < extra)


def test_corrupt_file_keeps_the_detail(scratch):
    """A comm= open of a corrupt file says what is wrong, as the serial
    open does (it once said only "file is corrupt"), prefixed by the rank
    that found it; the same on every rank."""
    path = os.path.join(shared_dir(scratch), "corrupt_header.exo")
    if COMM.rank == 0:
        with open(corpus_file("seacas__test-gap.g.et"), "rb") as src:
            head = src.read(8)
        with open(path, "wb") as out:  # a CDF magic, then garbage lists
            out.write(head + b"\xff" * 64)
    COMM.Barrier()
    with pytest.raises(exoslab.FileError) as serial:
        exoslab.open(path)
    with pytest.raises(exoslab.FileError) as par:
        exoslab.open(path, comm=COMM)
    detail = str(serial.value)
    msgs = COMM.allgather(str(par.value))
    agree(detail.startswith(path) and len(detail) > len(path) + 20,
          f"serial message {detail!r} has no detail")
    agree(str(par.value) == "rank 0: " + detail,
          f"parallel {str(par.value)!r} is not 'rank 0: ' + {detail!r}")
    agree(len(set(msgs)) == 1, f"ranks differ: {msgs}")


@pytest.mark.parametrize("fmt", ["nc4", "cdf2"])
def test_parallel_set_node_attributes(scratch, fmt):
    """Set and node attributes and the order map, written by every rank's
    slab; collective reads of each rank's slab equal the serial read."""
    path = f"{shared_dir(scratch)}/par-attrs-{fmt}-{COMM.size}.exo"
    nn, ne, nmem = 40, 13, 11
    xy = np.arange(nn * 2, dtype=float).reshape(nn, 2)
    conn = (np.arange(ne * 2).reshape(ne, 2) % nn) + 1
    ns_attr = np.arange(nmem * 3, dtype=float).reshape(nmem, 3) * 0.25
    nd_attr = np.arange(nn * 2, dtype=float).reshape(nn, 2) - 7.5
    order = np.arange(ne, 0, -1)
    with exoslab.create(path, comm=COMM, clobber=True, format=fmt) as f:
        f.def_mesh("attrs", 2, nn)
        f.def_block(1, "BAR2", ne, 2)
        f.def_set("node_set", 5, nmem)
        f.def_set_attr("node_set", 5, 3)
        f.def_node_attr(2)
        f.def_order_map()
        f.put_set_attr_names("node_set", 5, ["a", "b", "c"])
        ns, es, ms = (slice(*_share(n)) for n in (nn, ne, nmem))
        f.put_coords(xy[ns], start=ns.start)
        f.put_connectivity(1, conn[es], start=es.start)
        f.put_node_set(5, np.arange(1, nmem + 1)[ms], start=ms.start)
        f.put_set_attributes("node_set", 5, ns_attr[ms], start=ms.start)
        f.put_node_attributes(nd_attr[ns], start=ns.start)
        f.put_order_map(order[es], start=es.start)
    errors = []
    ns, es, ms = (slice(*_share(n)) for n in (nn, ne, nmem))
    with exoslab.open(path, comm=COMM) as p, exoslab.open(path) as s:
        got = p.set_attributes("node_set", 5, ms.start, ms.stop - ms.start)
        if not np.array_equal(got, s.set_attributes("node_set", 5)[ms]) or \
                not np.array_equal(got, ns_attr[ms]):
            errors.append("node set attributes")
        got = p.node_attributes(ns.start, ns.stop - ns.start)
        if not np.array_equal(got, s.node_attributes()[ns]) or \
                not np.array_equal(got, nd_attr[ns]):
            errors.append("node attributes")
        got = p.order_map(es.start, es.stop - es.start)
        if not np.array_equal(got, s.order_map()[es]) or not p.has_order_map:
            errors.append("order map")
        if p.set_attribute_names("node_set", 5) != ["a", "b", "c"]:
            errors.append("names")
    agree(not errors, errors)
@pytest.mark.parametrize("name", ["seacas__test-gap.g.et",
                                  "exodusjl__epu_mesh_test.g.4.1",   # Nemesis data
                                  "nimble__uq_wave.g.nem",           # no mesh, Nemesis
                                  "seacas-dmp__testwt_ss.exo"])      # null ids shared
@pytest.mark.parametrize("fmt", ["nc4", "cdf5"])
def test_collective_copy_equals_serial(scratch, fmt, name):
    """exoslab.copy(comm=) (exs_copy_all): every rank copies its slabs; the
    result reads as the serial copy of the same file, value for value."""
    from test_copy import view, equal
    src = corpus_file(name)
    with exoslab.open(src) as f:
        nt = f.num_times
        steps = range(1, 4) if f.num_times >= 4 else None
    d = shared_dir(scratch)
    par = f"{d}/copy-par-{fmt}-{COMM.size}-{name}"
    ser = f"{d}/copy-ser-{fmt}-{COMM.size}-{name}"
    exoslab.copy(src, par, comm=COMM, format=fmt, clobber=True, steps=steps)
    if COMM.rank == 0:
        exoslab.copy(src, ser, format=fmt, clobber=True, steps=steps)
    COMM.Barrier()
    with exoslab.open(par) as a, exoslab.open(ser) as b:
        va, vb = dict(view(a)), dict(view(b))
        ok = a.num_times == (3 if steps else nt) and va.keys() == vb.keys() and \
            all(equal(va[k], vb[k]) for k in va)
    agree(ok, f"collective copy of {name} ({fmt}) differs from the serial one")


def test_comm_messages_are_the_serial_ones_with_the_rank(scratch):
    """The same composition on every path: a comm= failure is the serial
    text with "rank R: " in front (R the failing rank), identical on
    every rank; a create refused before anything is written, too."""
    path = os.path.join(shared_dir(scratch), "errctx_exists.exo")
    if COMM.rank == 0:
        with open(path, "wb") as out:
            out.write(b"keep me")
    COMM.Barrier()
    with pytest.raises(exoslab.Error) as par:
        exoslab.create(path, comm=COMM, clobber=False)
    want = f"{path}: the file exists and clobber was not asked for (EXS_EEXIST)"
    if COMM.size > 1:
        want = "rank 0: " + want
    msgs = COMM.allgather(str(par.value))
    agree(str(par.value) == want, f"{str(par.value)!r} is not {want!r}")
    agree(len(set(msgs)) == 1, f"ranks differ: {msgs}")
    missing = os.path.join(shared_dir(scratch), "errctx_missing.exo")
    with pytest.raises(exoslab.FileError) as serial:
        exoslab.open(missing)
    with pytest.raises(exoslab.FileError) as par_open:
        exoslab.open(missing, comm=COMM)
    want = ("rank 0: " if COMM.size > 1 else "") + str(serial.value)
    agree(str(par_open.value) == want, f"{str(par_open.value)!r} is not {want!r}")
    with open(path, "rb") as back:
        agree(back.read() == b"keep me", "the existing file changed")
