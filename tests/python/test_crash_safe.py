"""Crash-safe create through the binding: an export onto its own source
reads the source while it writes (the old file stays until close), and a
writer killed mid-way (SIGKILL, forked) leaves the source byte-identical;
a failed close keeps the old file and says why."""
import glob
import hashlib
import os
import signal
import time

import numpy as np
import pytest

import exoslab

N = 2000        # nodes of a 2-D strip of quads
STEPS = 201     # as many steps as the export lost


def xy(variant):
    i = np.arange(N)
    return np.column_stack([(i % 1000) * 1.0 + variant, (i // 1000) * 1.0])


def field(step, variant):
    return np.arange(N) * 0.5 + step + variant * 1000.0


def write_source(path, variant=0, fmt="cdf2"):
    quads = np.array([[i + 1, i + 2, i + 1002, i + 1001] for i in range(999)])
    with exoslab.create(path, clobber=True, format=fmt) as f:
        f.def_mesh(f"source {variant}", 2, N)
        f.def_block(1, "QUAD4", len(quads), 4)
        f.def_vars("nodal", ["u"])
        f.put_coords(xy(variant))
        f.put_connectivity(1, quads)
        for s in range(STEPS):
            f.put_time(s, s * 0.1)
            f.put_nodal("u", s, field(s, variant))


def export(src_path, dst_path, fmt="cdf2", bump=1.0):
    """Copy the source into dst_path, reading the source as it goes;
    every nodal value plus bump."""
    with exoslab.open(src_path) as src, \
            exoslab.create(dst_path, clobber=True, format=fmt) as dst:
        dst.def_mesh(src.title + " exported", src.num_dim, src.num_nodes)
        b = src.blocks[1]
        dst.def_block(1, "QUAD4", b.num_entries, b.nodes_per_entry)
        dst.def_vars("nodal", ["u"])
        dst.put_coords(src.coords())
        dst.put_connectivity(1, src.connectivity(1))
        for s, t in enumerate(src.times):
            dst.put_time(s, t)
            dst.put_nodal("u", s, src.nodal("u", s) + bump)


def digest(path):
    with open(path, "rb") as fp:
        return hashlib.sha256(fp.read()).hexdigest()


def holds_source(path, variant=0):
    with exoslab.open(path) as f:
        return (f.title == f"source {variant}" and len(f.times) == STEPS
                and np.array_equal(f.coords(), xy(variant))
                and np.array_equal(f.nodal("u", STEPS - 1),
                                   field(STEPS - 1, variant)))


def holds_export(path):
    with exoslab.open(path) as f:
        return (f.title == "source 0 exported" and len(f.times) == STEPS
                and np.array_equal(f.nodal("u", STEPS - 1),
                                   field(STEPS - 1, 0) + 1.0))


def temps(path):
    d, base = os.path.split(path)
    return glob.glob(os.path.join(d, f".{base}.exs-*"))


@pytest.mark.parametrize("fmt", ["cdf2", "nc4"])
def test_export_onto_own_source(tmp_path, fmt):
    path = str(tmp_path / "model.exo")
    write_source(path, fmt=fmt)
    export(path, path, fmt=fmt)
    assert holds_export(path)
    assert temps(path) == []


def _killed_export(path, fmt, delay):
    pid = os.fork()
    if pid == 0:  # the writer: exports onto its own source
        try:
            export(path, path, fmt=fmt)
        finally:
            os._exit(0)
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


@pytest.mark.parametrize("fmt", ["cdf2", "nc4"])
def test_export_killed_mid_way_keeps_source(tmp_path, fmt):
    path = str(tmp_path / "model.exo")
    write_source(path, fmt=fmt)
    before = digest(path)
    t0 = time.monotonic()
    export(path, str(tmp_path / "timing.exo"), fmt=fmt)
    whole = time.monotonic() - t0
    trials, kept, complete = 12, 0, 0
    for i in range(trials):
        _killed_export(path, fmt, whole * 1.2 * i / trials)
        if digest(path) == before:
            assert holds_source(path)
            kept += 1
        else:  # killed after the rename: the whole export is there
            assert holds_export(path)
            complete += 1
            write_source(path, fmt=fmt)
            before = digest(path)
    print(f"{fmt}: {trials} kills over {whole * 1e3:.0f} ms: source kept "
          f"{kept}, export complete {complete}")
    assert kept + complete == trials and kept > 0
    write_source(path, 5, fmt=fmt)  # the next good create cleans up
    assert holds_source(path, 5)
    assert temps(path) == []


def test_fewer_coordinate_columns_refused(tmp_path):
    path = str(tmp_path / "coords.exo")
    with exoslab.create(path, clobber=True) as f:
        f.def_mesh("3-D", 3, 4)
        with pytest.raises(exoslab.ArgumentError, match="num_dim=3"):
            f.put_coords(np.zeros((4, 2)))
        f.put_coords(np.zeros((4, 3)))


def test_failed_close_keeps_old_file_and_says_why(tmp_path):
    path = str(tmp_path / "old.exo")
    write_source(path)
    before = digest(path)
    f = exoslab.create(path, clobber=True)
    f.def_mesh("2-D", 2, 3)
    f.put_coord(0, [0.0, 1.0, 2.0])
    with pytest.raises(exoslab.Error, match=r"coordinate y .*EXS_EINVAL"):
        f.close()
    assert digest(path) == before
    assert temps(path) == []


def test_no_clobber_leaves_existing_file(tmp_path):
    path = str(tmp_path / "keep.exo")
    write_source(path)
    before = digest(path)
    with pytest.raises(exoslab.Error):
        exoslab.create(path)
    assert digest(path) == before and temps(path) == []
