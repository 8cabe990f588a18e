"""DistributedMesh.write_results / create_results (the composed write):
every rank hands in its local values, junk on what it does not own; a
serial read of the file gives the original mesh (coordinates, blocks,
sets, maps, names, QA) and every node's and element's value once, in the
original order. Serial build: one rank. MPI build: run under mpiexec -n
1..4 (mpi_pytest.py), every rank reaching the same verdict."""
import pathlib

import numpy as np
import pytest

import exoslab
from exoslab import Kind
from conftest import corpus_file

if exoslab.HAVE_MPI:
    MPI = pytest.importorskip("mpi4py.MPI")
    COMM = MPI.COMM_WORLD
else:
    COMM = None
RANK = COMM.rank if COMM else 0
JUNK = 1e300
FILES = ["seacas__ejoin_2block-gold.g",        # 6 blocks, sets, attributes
         "derived__block_crush_1.nc4z.ex2",    # netCDF-4, deflate, spheres
         "exodusjl__epu_mesh_test.g.4.0"]      # 4225 nodes


def agree(ok, what):
    bad = COMM.allgather(None if ok else what) if COMM else [None if ok else what]
    bad = [f"rank {r}: {w}" for r, w in enumerate(bad) if w is not None]
    assert not bad, "\n".join(bad)


def shared(tmp):
    return COMM.bcast(str(tmp), root=0) if COMM else str(tmp)


def values(m, step):
    """nodal u, v and element s: formulas of the global index where owned."""
    own = np.arange(m.num_nodes) < m.num_owned_nodes
    u = np.where(own, 2.0 * m.node_global + step, JUNK)
    v = np.where(own, -3.0 * m.node_global + 0.5 * step, JUNK)
    s = {bid: np.where(np.arange(len(b.elem_global)) < b.num_owned,
                       0.25 * b.elem_global - step, JUNK)
         for bid, b in m.blocks.items()}
    return u, v, s


def same_mesh(a, b):
    assert (a.num_dim, a.num_nodes, a.num_elem) == (b.num_dim, b.num_nodes, b.num_elem)
    assert np.array_equal(a.coords(), b.coords())
    assert a.coord_names == b.coord_names and a.title == b.title
    assert a.qa_records == b.qa_records and a.info_records == b.info_records
    for kind in (Kind.ELEM_BLOCK, Kind.NODE_SET, Kind.SIDE_SET):
        assert list(a.entities(kind)) == list(b.entities(kind))
        for i, j in zip(a.entities(kind).infos, b.entities(kind).infos):
            assert (i.name, i.num_entries, i.num_attr) == (j.name, j.num_entries, j.num_attr)
    for bid, blk in a.entities(Kind.ELEM_BLOCK).items():
        assert np.array_equal(a.connectivity(bid), b.connectivity(bid))
        if blk.num_attr:
            assert np.array_equal(a.attributes(bid), b.attributes(bid))
    for sid, ns in a.entities(Kind.NODE_SET).items():
        assert np.array_equal(a.node_set(sid), b.node_set(sid))
        if ns.num_attr and ns.num_entries:
            assert np.array_equal(a.set_attributes(Kind.NODE_SET, sid),
                                  b.set_attributes(Kind.NODE_SET, sid))
            assert (a.set_attribute_names(Kind.NODE_SET, sid)
                    == b.set_attribute_names(Kind.NODE_SET, sid))
    assert a.num_node_attr == b.num_node_attr
    if a.num_node_attr:
        assert np.array_equal(a.node_attributes(), b.node_attributes())
    assert a.has_order_map == b.has_order_map
    assert np.array_equal(a.order_map(), b.order_map())
    for sid in a.entities(Kind.SIDE_SET):
        for x, y in zip(a.side_set(sid), b.side_set(sid)):
            assert np.array_equal(x, y)
    assert np.array_equal(a.id_map("node"), b.id_map("node"))
    assert np.array_equal(a.id_map("elem"), b.id_map("elem"))


def check_fields(r, times):
    assert list(r.times) == times
    g = np.arange(r.num_nodes)
    for s in range(len(times)):
        assert np.array_equal(r.nodal("u", s), 2.0 * g + s)
        assert np.array_equal(r.nodal("v", s), -3.0 * g + 0.5 * s)
        assert r.global_var("energy", s) == 10.0 * s
        for bid, blk in r.entities(Kind.ELEM_BLOCK).items():
            e = blk.offset + np.arange(blk.num_entries)
            assert np.array_equal(r.element("s", bid, s), 0.25 * e - s)


@pytest.mark.parametrize("name", FILES)
@pytest.mark.parametrize("method,ghosts,fmt", [("linear", 0, "cdf5"), ("linear", 1, "nc4"),
                                               ("rcb", 1, "cdf2")])
def test_write_results_reads_back(name, method, ghosts, fmt, tmp):
    path = corpus_file(name)
    out = shared(tmp) + f"/results-{method}-{ghosts}.e"
    with exoslab.open(path, comm=COMM) as f:
        try:
            m = exoslab.DistributedMesh(f, method=method, ghosts=ghosts)
        except exoslab.Error as e:
            if "EXS_ENOTBUILT" in str(e) or "not include" in str(e):
                pytest.skip(f"{method} not in this build")
            raise
        steps = [values(m, s) for s in range(2)]
        m.write_results(out, [0.5, 1.5], nodal={"u": [x[0] for x in steps],
                                                "v": [x[1] for x in steps]},
                        element={"s": [x[2] for x in steps]},
                        globals={"energy": [0.0, 10.0]}, format=fmt, clobber=True)
    if COMM:
        COMM.Barrier()
    err = None
    try:
        with exoslab.open(path) as a, exoslab.open(out) as b:
            same_mesh(a, b)
            check_fields(b, [0.5, 1.5])
    except AssertionError as e:
        err = repr(e)
    agree(err is None, err)


def test_missing_values_fail_on_every_rank(tmp):
    path = corpus_file(FILES[0])
    out = shared(tmp) + "/results-missing.e"
    with exoslab.open(path, comm=COMM) as f:
        m = exoslab.DistributedMesh(f)
        with m.create_results(out, nodal=["u"], clobber=True) as r:
            u = np.zeros(m.num_nodes)
            # rank 0 forgets "u": it raises ValueError, the others the
            # library's refusal, nobody waits
            with pytest.raises((ValueError, exoslab.Error)):
                r.write_step(0, 0.0, nodal={} if RANK == 0 else {"u": u})
            r.write_step(0, 0.0, nodal={"u": u})


def test_results_of_another_mesh_refused(tmp):
    out = shared(tmp) + "/results-other.e"
    with exoslab.open(corpus_file(FILES[0]), comm=COMM) as f, \
            exoslab.open(corpus_file(FILES[1]), comm=COMM) as g:
        m = exoslab.DistributedMesh(f)
        other = exoslab.DistributedMesh(g)
        with other.create_results(out, nodal=["u"], clobber=True) as r:
            r.mesh = m  # values of f's mesh into g's copy
            with pytest.raises(exoslab.Error, match="EXS_ESIZE|nodes"):
                r.write_step(0, 0.0, nodal={"u": np.zeros(m.num_nodes)})
            # the file is still usable with its own mesh's values (and a
            # step written: PnetCDF leaves a zero-step CDF file's last
            # fixed-size variable unpadded, which the close check refuses)
            r.mesh = other
            r.write_step(0, 0.0, nodal={"u": np.zeros(other.num_nodes)})


def _mesh_files():
    from conftest import corpus_files
    out = []
    for p in corpus_files():
        try:
            with exoslab.open(p) as f:
                if f.num_dim and f.num_nodes:
                    f.check_references()
                    out.append(p.name)
        except exoslab.Error:
            pass  # not a mesh this library reads (the corpus README says why)
    return out


def same_everything(a, b):
    """Every mesh array, name, property and record of a, in b."""
    from exoslab._kinds import BLOCK_KINDS, SET_KINDS, MAP_KINDS
    same_mesh(a, b)
    for kind in BLOCK_KINDS + SET_KINDS + MAP_KINDS:
        ea, eb = a.entities(kind), b.entities(kind)
        assert list(ea) == list(eb), kind
        for i, j in zip(ea.infos, eb.infos):
            assert i == j, (i, j)
        for id, info in ea.items():
            if kind in BLOCK_KINDS:
                if info.nodes_per_entry or info.faces_per_entry:
                    assert np.array_equal(a.connectivity(id, kind=kind, flat=True),
                                          b.connectivity(id, kind=kind, flat=True))
                if info.topology in ("NSIDED", "NFACED"):
                    assert np.array_equal(a.entry_counts(id, kind=kind),
                                          b.entry_counts(id, kind=kind))
                if info.num_attr:
                    assert np.array_equal(a.attributes(id, kind=kind),
                                          b.attributes(id, kind=kind))
                    assert a.attribute_names(id, kind=kind) == b.attribute_names(id, kind=kind)
            elif kind in SET_KINDS:
                if kind in (Kind.SIDE_SET, Kind.EDGE_SET, Kind.FACE_SET):
                    for x, y in zip(a.set(kind, id), b.set(kind, id)):
                        assert np.array_equal(x, y)
                else:
                    assert np.array_equal(a.set_members(kind, id), b.set_members(kind, id))
                if info.num_df:
                    assert np.array_equal(a.dist_factors(kind, id), b.dist_factors(kind, id))
                if info.num_attr and info.num_entries:
                    assert np.array_equal(a.set_attributes(kind, id),
                                          b.set_attributes(kind, id))
                    assert (a.set_attribute_names(kind, id)
                            == b.set_attribute_names(kind, id))
            else:
                assert np.array_equal(a.map(kind, id), b.map(kind, id))
            if kind not in MAP_KINDS:
                assert a.properties(kind, id) == b.properties(kind, id)
    for mk in ("edge", "face"):
        assert np.array_equal(a.id_map(mk), b.id_map(mk))


@pytest.mark.parametrize("name", _mesh_files())
def test_copy_mesh_keeps_everything(name, tmp):
    """exoslab.copy_mesh (exs_copy_mesh_all) on every corpus mesh: edge and
    face blocks, polygons and polyhedra, every kind of set, named maps,
    attributes, properties, QA and info come through unchanged."""
    path = corpus_file(name)
    out = shared(tmp) + "/copy.e"
    with exoslab.open(path, comm=COMM) as f:
        # (seacas-dmp__testwt_ss.exo's two null node sets share id -1: copied
        # as they are, null sets may share an id)
        g = exoslab.create(out, comm=COMM, clobber=True, int64=f.int64,
                           float_size=f.float_size, name_len=max(32, f.name_len),
                           format="cdf5" if f.int64 else "cdf2")
        with g:
            exoslab.copy_mesh(f, g, nodal=["u"])
            # a whole step (see test_results_of_another_mesh_refused: a
            # PnetCDF file whose last record is incomplete is refused at close)
            g.put_time(0, 0.0)
            p = f.partition()
            g.put_var(Kind.NODAL, 0, 0, 0, np.zeros(p.node_count), p.node_start)
    if COMM:
        COMM.Barrier()
    err = None
    try:
        with exoslab.open(path) as a, exoslab.open(out) as b:
            same_everything(a, b)
    except AssertionError as e:
        err = f"{name}: {e!r}"
    agree(err is None, err)
