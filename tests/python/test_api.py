"""The File API on real files: accessors, slabs, dtypes, out= in place
(no copies), streaming, and the exceptions bad arguments raise."""
import gc
import threading

import numpy as np
import pytest

import exoslab
from conftest import corpus_file


# ---- metadata ---------------------------------------------------------------

def test_scalars_and_entities(gap):
    assert (gap.num_dim, gap.num_nodes, gap.num_elem) == (3, 26, 5)
    assert gap.title == "This is a test"
    assert gap.format == "cdf1"
    assert gap.num_times == 10 and gap.num_steps == 10
    assert list(gap.blocks) == [10, 11, 12, 13, 14]
    assert gap.blocks.ids.dtype == np.int64
    b = gap.blocks[12]
    assert (b.num_entries, b.nodes_per_entry, b.num_attr) == (1, 8, 1)
    assert b.topology == "HEX" and b.type == "hex"
    assert b.kind == exoslab.Kind.ELEM_BLOCK
    assert [b.offset for b in gap.blocks.values()] == [0, 1, 2, 3, 4]
    assert list(gap.node_sets) == list(range(20, 29))
    assert gap.node_sets[20].num_df == 5
    assert list(gap.side_sets) == [30, 31, 32, 33, 34]
    assert gap.entity("ss", 30).num_entries == 2
    assert list(gap.ids(exoslab.Kind.SIDE_SET)) == [30, 31, 32, 33, 34]


def test_kinds_by_name_and_number(gap):
    for kind in ("elem_block", "EB", "block", exoslab.Kind.ELEM_BLOCK, 2):
        assert list(gap.ids(kind)) == [10, 11, 12, 13, 14]
    with pytest.raises(ValueError, match="unknown entity kind 'blocky'"):
        gap.ids("blocky")


def test_names_props_records(gap):
    assert gap.coord_names == ["xcoor", "ycoor", "zcoor"]
    assert gap.property_names("elem_block")[0] == "ID"
    assert gap.prop("elem_block", 10, "ID") == 10
    props = gap.properties("elem_block", 10)
    assert props["ID"] == 10 and len(props) == len(gap.property_names("eb"))
    assert len(gap.qa_records) == 2 and all(len(r) == 4 for r in gap.qa_records)
    assert len(gap.info_records) == 3
    assert gap.attribute_names(12)[0] != "" or gap.attribute_names(12) == [""]
    assert gap.nodal_var_names == ["nod_var0", "nod_var1"]
    assert gap.element_var_names == ["ele_var0", "ele_var1", "ele_var2"]
    assert gap.global_var_names == ["glo_vars"]
    t = gap.truth_table("elem_block")
    assert t.shape == (5, 3) and t.dtype == bool


# ---- bulk reads -------------------------------------------------------------

def test_coords_shape_and_components(gap):
    xyz = gap.coords()
    assert xyz.shape == (26, 3) and xyz.dtype == np.float64
    assert xyz.base is not None and xyz.base.flags.owndata
    assert xyz.base.shape == (3, 26) and xyz.base.flags.c_contiguous
    for axis in range(3):
        np.testing.assert_array_equal(xyz[:, axis], gap.coord(axis))
    np.testing.assert_array_equal(gap.coord("y"), xyz[:, 1])


def test_slabs_equal_slices_of_whole_reads(gap):
    xyz = gap.coords()
    np.testing.assert_array_equal(gap.coords(5, 7), xyz[5:12])
    np.testing.assert_array_equal(gap.coords(20), xyz[20:])
    np.testing.assert_array_equal(gap.coord(2, 3, 0), xyz[3:3, 2])
    t = gap.times
    np.testing.assert_array_equal(gap.get_times(2, 3), t[2:5])
    v = gap.nodal("nod_var1", 4)
    np.testing.assert_array_equal(gap.nodal(1, 4, 10, 6), v[10:16])
    hist = gap.var_history("nodal", "nod_var1")
    assert hist.shape == (10, 26)
    np.testing.assert_array_equal(hist[4], v)
    np.testing.assert_array_equal(gap.nodal(0, -1), gap.nodal(0, 9))


def test_connectivity_view_and_flat(gap):
    c = gap.connectivity(12)
    assert c.shape == (1, 8) and c.dtype == np.int64
    assert c.base is not None and c.base.flags.owndata and c.base.ndim == 1
    flat = gap.connectivity(12, flat=True)
    assert flat.shape == (8,) and flat.flags.owndata
    np.testing.assert_array_equal(flat, c.ravel())
    np.testing.assert_array_equal(gap.connectivity(12, dtype=np.int32), c)


def test_dtypes(gap):
    x32 = gap.coords(dtype=np.float32)
    assert x32.dtype == np.float32
    np.testing.assert_array_equal(x32, gap.coords().astype(np.float32))
    assert gap.node_set(20, dtype="int32").dtype == np.int32
    with pytest.raises(ValueError, match="dtype int16"):
        gap.coords(dtype=np.int16)
    with pytest.raises(ValueError, match="floating-point|EXS_ETYPE"):
        gap.coords(dtype=np.int64)
    with pytest.raises(ValueError, match="integers|EXS_ETYPE"):
        gap.connectivity(10, dtype=np.float64)


def test_sets_and_maps(gap):
    ns = gap.node_set(20)
    assert ns.shape == (5,) and ns.min() >= 1
    np.testing.assert_array_equal(gap.set_members("node_set", 20), ns)
    elems, sides = gap.side_set(30)
    assert elems.shape == sides.shape == (2,)
    assert gap.dist_factors("node_set", 20).shape == (5,)
    assert gap.dist_factors("side_set", 30).shape == (4,)
    np.testing.assert_array_equal(gap.id_map("node"), np.arange(1, 27))
    assert gap.id_map("elem").shape == (5,)
    assert gap.order_map().shape == (5,)


def test_variables(gap):
    e = gap.element("ele_var0", 10, 0)
    assert e.shape == (1,)
    np.testing.assert_array_equal(gap.var("elem_block", 0, 10, 0), e)
    g = gap.global_vars(3)
    assert g.shape == (1,)
    assert gap.global_var("glo_vars", 3) == g[0]
    gh = gap.global_history("glo_vars")
    assert gh.shape == (10,)
    assert gh[3] == g[0]


def test_attributes(gap):
    a = gap.attributes(12)
    assert a.shape == (1, 1) and a.dtype == np.float64


# ---- out= ---------------------------------------------------------------------

def test_out_fills_in_place(gap):
    out = np.empty(26)
    ptr = out.__array_interface__["data"][0]
    res = gap.nodal("nod_var0", 2, out=out)
    assert res is out
    assert out.__array_interface__["data"][0] == ptr
    np.testing.assert_array_equal(out, gap.nodal("nod_var0", 2))

    conn = np.empty((1, 8), dtype=np.int32)
    ptr = conn.ctypes.data
    assert gap.connectivity(12, out=conn) is conn and conn.ctypes.data == ptr
    np.testing.assert_array_equal(conn, gap.connectivity(12))

    flat = np.zeros(8, dtype=np.int64)
    assert gap.connectivity(12, out=flat, flat=True) is flat
    np.testing.assert_array_equal(flat, gap.connectivity(12).ravel())


def test_out_coords_both_layouts(gap):
    comp = np.empty((3, 26))
    assert gap.coords(out=comp) is comp
    np.testing.assert_array_equal(comp.T, gap.coords())
    fort = np.empty((3, 26)).T
    ptr = fort.ctypes.data
    assert gap.coords(out=fort) is fort and fort.ctypes.data == ptr
    np.testing.assert_array_equal(fort, gap.coords())
    with pytest.raises(ValueError, match="Fortran-ordered"):
        gap.coords(out=np.empty((26, 3)))


def test_out_slice_of_bigger_buffer(gap):
    buf = np.full(40, -1.0)
    gap.nodal(0, 0, 0, 26, out=buf[:26])
    np.testing.assert_array_equal(buf[:26], gap.nodal(0, 0))
    assert (buf[26:] == -1).all()


@pytest.mark.parametrize("out, message", [
    (np.empty(26, dtype=np.int16), "dtype int16"),
    (np.empty(25), r"shape \(25,\); it needs shape \(26,\)"),
    (np.empty((26, 1)), "it needs shape"),
    (np.empty(52)[::2], "C-contiguous"),
    ([0.0] * 26, "must be a numpy.ndarray"),
])
def test_out_rejected(gap, out, message):
    with pytest.raises(exoslab.ArgumentError, match=message):
        gap.nodal(0, 0, out=out)


def test_out_read_only_and_dtype_conflict(gap):
    ro = np.empty(26)
    ro.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        gap.nodal(0, 0, out=ro)
    with pytest.raises(ValueError, match="dtype=float32 was asked"):
        gap.nodal(0, 0, dtype=np.float32, out=np.empty(26))
    with pytest.raises(ValueError, match="byte order|dtype"):
        gap.nodal(0, 0, out=np.empty(26, dtype=">f8"))


# ---- errors ---------------------------------------------------------------------

def test_unknown_ids_and_names(gap):
    with pytest.raises(KeyError, match="no element block with id 99") as e:
        gap.connectivity(99)
    assert isinstance(e.value, exoslab.NotFoundError)
    assert isinstance(e.value, exoslab.Error) and isinstance(e.value, RuntimeError)
    assert e.value.errname == "EXS_ENOTFOUND" and e.value.code == -8
    assert "'" not in str(e.value)[:1]  # not KeyError's quoted form
    with pytest.raises(KeyError):
        gap.nodal("no_such_var", 0)
    with pytest.raises(KeyError):
        gap.node_set(12345)
    with pytest.raises(KeyError):
        gap.blocks[99]
    with pytest.raises(KeyError):
        gap.find("elem_block", "nope")


def test_slab_out_of_range(gap):
    with pytest.raises(ValueError, match=r"slab \[20, 30\) outside \[0, 26\)"):
        gap.coords(20, 10)
    with pytest.raises(ValueError, match="outside"):
        gap.coord(0, 27)
    with pytest.raises(ValueError):
        gap.connectivity(10, 1, 1)
    with pytest.raises(ValueError):
        gap.nodal(0, 10)      # step past the end
    with pytest.raises(ValueError, match="count must be >= 0"):
        gap.coords(0, -1)
    with pytest.raises(ValueError):
        gap.var_history("nodal", 0, step=5, nsteps=6)


def test_closed_file_raises(gap):
    f = exoslab.open(gap.path)
    f.close()
    f.close()  # idempotent
    assert f.closed
    with pytest.raises(ValueError, match="closed"):
        f.coords()
    with pytest.raises(ValueError, match="closed"):
        f.title


def test_open_errors(tmp):
    with pytest.raises(FileNotFoundError if False else OSError, match="EXS_ENOFILE"):
        exoslab.open(tmp / "missing.exo")
    junk = tmp / "junk.exo"
    junk.write_bytes(b"this is not netCDF" * 10)
    with pytest.raises(exoslab.FileError, match="EXS_ENOTNC"):
        exoslab.open(junk)
    with pytest.raises(ValueError, match="exoslab.create"):
        exoslab.open(junk, "w")


def test_comm_argument(gap):
    if exoslab.HAVE_MPI:
        with pytest.raises(TypeError, match="mpi4py communicator"):
            exoslab.open(gap.path, comm=42)
    else:
        with pytest.raises(exoslab.Error, match="needs the MPI build"):
            exoslab.open(gap.path, comm=object())
        with pytest.raises(exoslab.Error, match="needs the MPI build"):
            exoslab.create("unused.exo", comm=object())


# ---- streaming -----------------------------------------------------------------

def test_iter_nodal_reuses_one_buffer(gap):
    whole = gap.nodal("nod_var0", 5)
    seen, pointers, parts = [], set(), []
    for start, chunk in gap.iter_nodal("nod_var0", 5, chunk=8):
        seen.append((start, chunk.size))
        pointers.add(chunk.__array_interface__["data"][0])
        parts.append(chunk.copy())
    assert seen == [(0, 8), (8, 8), (16, 8), (24, 2)]
    assert len(pointers) == 1
    np.testing.assert_array_equal(np.concatenate(parts), whole)


def test_iter_aligned_slabs_and_default_chunk(gap):
    starts = [s for s, _ in gap.iter_nodal(0, 0, chunk=8, start=5, count=15)]
    assert starts == [5, 8, 16]
    assert gap.chunk_len("nodal") > 0
    total = sum(c.size for _, c in gap.iter_nodal(0, 0))
    assert total == 26


def test_iter_coords_and_connectivity(gap):
    parts = [c.copy() for _, c in gap.iter_coords(chunk=10)]
    np.testing.assert_array_equal(np.concatenate(parts), gap.coords())
    big = exoslab.open(corpus_file("exodusjl__epu_mesh_test.g.4.0"))
    with big:
        bid = big.blocks.ids[0]
        parts = [c.copy() for _, c in big.iter_connectivity(bid, chunk=100)]
        np.testing.assert_array_equal(np.concatenate(parts), big.connectivity(bid))


# ---- threads and lifetime -------------------------------------------------------

def test_reads_from_threads(gap):
    want = gap.var_history("nodal", 1)
    errors = []

    def work():
        try:
            with exoslab.open(gap.path) as f:
                for _ in range(20):
                    np.testing.assert_array_equal(f.var_history("nodal", 1), want)
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)
    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors


def test_arrays_outlive_the_file(gap):
    with exoslab.open(gap.path) as f:
        xyz = f.coords()
        conn = f.connectivity(12)
    del f
    gc.collect()
    assert xyz.shape == (26, 3) and conn.shape == (1, 8)
    assert np.isfinite(xyz).all()


def test_version_and_repr(gap):
    assert exoslab.library_version.startswith(exoslab.__version__)
    assert ("mpi" in exoslab.library_version) == exoslab.HAVE_MPI
    assert "cdf1" in repr(gap)


def test_polyhedra(tmp):
    with exoslab.open(corpus_file("mstk__degenpoly3.exo")) as f:
        poly = f.blocks[1]
        assert poly.topology == "NFACED"
        faces = f.connectivity(1)
        counts = f.entry_counts(1)
        assert faces.ndim == 1 and faces.size == counts.sum() == poly.faces_per_entry
        fb = f.face_blocks.ids[0]
        nodes = f.connectivity(fb, kind="face_block")
        assert nodes.ndim == 1
        assert nodes.size == f.entry_counts(fb, kind="face_block").sum()


def test_one_library_pass_per_array(gap):
    """Each array is one storage call straight into numpy's memory."""
    gap.reset_stats()
    gap.connectivity(12)
    s = gap.stats()
    assert s["storage_calls"] == 1 and s["bytes_read"] == 8 * 8
    gap.reset_stats()
    gap.coords(dtype=np.float32)
    s = gap.stats()
    assert s["storage_calls"] == 3 and s["bytes_read"] == 3 * 26 * 4
    gap.reset_stats()
    gap.var_history("nodal", 0)
    assert gap.stats()["storage_calls"] == 1


def test_collective_needs_a_communicator(gap):
    assert gap.collective is False and gap.parallel is False
    with pytest.raises(ValueError, match="communicator"):
        gap.collective = True


def test_serial_partition_owns_everything(gap):
    p = gap.partition()
    assert (p.node_start, p.node_count, p.elem_start, p.elem_count) == (0, 26, 0, 5)
    assert p.nodes == slice(0, 26) and p.elems == slice(0, 5)
    pieces = gap.partition_pieces(0, 5)
    assert [(b, s, c) for b, s, c, _ in pieces] == [(i, 0, 1) for i in range(10, 15)]
