"""DistributedMesh under mpiexec -n 2 and -n 3 (mpi_pytest.py): compared
with a serial open of the same file and a numpy oracle of ownership,
sharing and ghosts; and docs/python.md's parallel example, run as written.
Every test reaches the same verdict on every rank."""
import pathlib
import re

import numpy as np
import pytest

import exoslab
from conftest import corpus_file

MPI = pytest.importorskip("mpi4py.MPI")
pytestmark = pytest.mark.skipif(not exoslab.HAVE_MPI,
                                reason="the serial build has no communicators")
COMM = MPI.COMM_WORLD
FILES = ["seacas__catalyst_block_crush_1.ex2",    # CDF-2, 3 blocks
         "exodusjl__epu_mesh_test.g.4.0",         # 4225 nodes
         "derived__block_crush_1.nc4z.ex2"]       # netCDF-4, deflate


def agree(ok, what):
    bad = COMM.allgather(None if ok else what)
    bad = [f"rank {r}: {w}" for r, w in enumerate(bad) if w is not None]
    assert not bad, "\n".join(bad)


def oracle(s, p):
    """Element owners, node touch masks, node owners (numpy, whole mesh)."""
    parts = COMM.allgather((p.elem_start, p.elem_count, p.node_start, p.node_count))
    eown = np.empty(s.num_elem, dtype=int)
    for r, (es, ec, _, _) in enumerate(parts):
        eown[es:es + ec] = r
    conn = [s.connectivity(bid) - 1 for bid in s.blocks]
    touch = np.zeros(s.num_nodes, dtype=np.int64)
    at = 0
    for c in conn:
        for r in range(COMM.size):
            mine = eown[at:at + len(c)] == r
            touch[np.unique(c[mine])] |= 1 << r
        at += len(c)
    owner = np.full(s.num_nodes, -1)
    for r in reversed(range(COMM.size)):
        owner[(touch >> r) & 1 == 1] = r
    for r, (_, _, ns, nc) in enumerate(parts):
        sl = owner[ns:ns + nc]
        sl[sl < 0] = r
    return eown, conn, touch, owner


@pytest.mark.parametrize("name", FILES)
def test_against_oracle(name):
    path = corpus_file(name)
    errs = []
    with exoslab.open(path, comm=COMM) as f, exoslab.open(path) as s:
        m = exoslab.DistributedMesh(f, ghosts=1)
        eown, conn, touch, owner = oracle(s, f.partition())
        me, g = COMM.rank, m.node_global
        if not np.array_equal(m.node_owner, owner[g]):
            errs.append("node owners")
        if not np.array_equal(m.coords, s.coords()[g]):
            errs.append("coords")
        if not np.array_equal(m.node_ids, s.id_map("node")[g]):
            errs.append("node ids")
        closure = (touch >> me) & 1 == 1
        if m.num_owned_nodes != np.sum(owner == me) or \
                m.num_shared_nodes != np.sum(closure & (owner != me)):
            errs.append("node groups")
        at, ghosts_want, ghosts_got = 0, set(), set()
        for k, (bid, blk) in enumerate(m.blocks.items()):
            c = conn[k]
            gl = blk.elem_global - at
            if not np.array_equal(g[blk.connectivity], c[gl]):
                errs.append(f"connectivity of block {bid}")
            if not np.all(eown[blk.elem_global[:blk.num_owned]] == me):
                errs.append(f"owned elements of block {bid}")
            near = closure[c].any(axis=1) & (eown[at:at + len(c)] != me)
            ghosts_want |= set((np.nonzero(near)[0] + at).tolist())
            ghosts_got |= set(blk.elem_global[blk.num_owned:].tolist())
            at += len(c)
        if ghosts_want != ghosts_got:
            errs.append(f"ghosts: {len(ghosts_want)} expected, {len(ghosts_got)} got")
        counts = np.zeros(s.num_nodes, dtype=np.int64)
        counts[g[:m.num_owned_nodes]] = 1
        counts = COMM.allreduce(counts)
        if not np.all(counts == 1):
            errs.append("a node not owned exactly once")
        # shared lists: what I list for q is what q lists for me
        send = [g[m.shared[q]].tolist() if q in m.shared else None
                for q in range(COMM.size)]
        recv = COMM.alltoall(send)
        for q in range(COMM.size):
            if send[q] != recv[q]:
                errs.append(f"shared list with {q} not symmetric")
            if send[q] is not None and \
                    set(send[q]) != set(np.nonzero(closure & ((touch >> q) & 1 == 1))[0]):
                errs.append(f"shared list with {q}")
        v = s.nodal_var_names[0] if s.nodal_var_names else None
        if v and not np.array_equal(m.field(v, -1), s.nodal(v, -1)[g]):
            errs.append("nodal field")
    agree(not errs, errs)


def doc_example():
    text = (pathlib.Path(__file__).resolve().parents[2] / "docs" / "python.md").read_text()
    sect = text[text.index("## Parallel (MPI build)"):]
    return re.search(r"```python\n(.*?)```", sect, re.S).group(1)


def test_docs_parallel_example_runs(tmp):
    path = corpus_file("seacas__catalyst_block_crush_1.ex2")
    out = COMM.bcast(str(tmp / "results.exo"), root=0)
    code = doc_example()
    assert "DistributedMesh" in code and "partition_pieces" not in code
    assert "write_results" in code
    ns = {}
    code = code.replace('"mesh.exo"', repr(str(path))).replace('"results.exo"', repr(out))
    exec(compile(code, "python.md", "exec"), ns)
    COMM.Barrier()
    with exoslab.open(path) as s, exoslab.open(out) as r:
        want = s.nodal(s.nodal_var_names[0], -1).sum()
        ok = np.array_equal(r.nodal("t2", 0), 2.0 * s.nodal(s.nodal_var_names[0], -1))
        ok = ok and np.array_equal(r.coords(), s.coords())
    agree(np.isclose(ns["total"], want), f"{ns['total']} != {want}")
    agree(ok, "the example's results file differs from 2 * the input's field")
