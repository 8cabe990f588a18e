"""Every subcommand of the `exoslab` command, run as a user runs it
(/usr/bin/python3 -m exoslab ...), with its output checked against the
library's own reader or against closed-form values.

Environment (set by CTest): PYTHONPATH at the built package, EXS_CORPUS,
EXS_TEST_TMP; EXS_EXS_INFO the exs_info program; EXS_MPIEXEC (MPI build).
"""
import json
import os
import pathlib
import shutil
import subprocess
import sys

import numpy as np
import pytest

import exoslab

CORPUS = pathlib.Path(os.environ.get("EXS_CORPUS", "../shared/corpus"))
FORMATS = ["cdf1", "cdf2", "cdf5", "nc4", "nc4classic"]
COMMANDS = ["info", "dump", "diff", "convert", "generate", "bench", "plot", "decomp",
            "join", "version"]


def corpus_files():
    if not CORPUS.is_dir():
        pytest.skip(f"corpus directory {CORPUS} not found (set EXS_CORPUS or put "
                    "the corpus in ../shared/corpus)")
    return sorted(p for p in CORPUS.iterdir()
                  if p.is_file() and p.suffix not in (".md", ".tsv"))


def corpus_file(name):
    p = CORPUS / name
    if not p.exists():
        pytest.skip(f"corpus file {name} not found in {CORPUS}")
    return p


@pytest.fixture
def tmp(tmp_path):
    base = os.environ.get("EXS_TEST_TMP")
    if not base:
        return tmp_path
    d = pathlib.Path(base) / "cli" / tmp_path.name
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir(parents=True)
    return d


class _Result:
    def __init__(self, returncode, stdout, stderr):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


def shell(*args, check=None, prefix=()):
    """Run `/usr/bin/python3 -m exoslab ARGS` as a user does (a new process)."""
    r = subprocess.run([*prefix, sys.executable, "-m", "exoslab", *map(str, args)],
                       capture_output=True, text=True)
    if check is not None:
        assert r.returncode == check, (args, r.returncode, r.stdout, r.stderr)
    return r


def run(*args, check=None):
    """The same command line through exoslab.cli.main in this process (the
    interpreter start-up is most of a small command's time)."""
    import io
    from exoslab import cli
    out, err = io.StringIO(), io.StringIO()
    rc = cli.main([str(a) for a in args], out=out, err=err)
    r = _Result(rc, out.getvalue(), err.getvalue())
    if check is not None:
        assert r.returncode == check, (args, r.returncode, r.stdout, r.stderr)
    return r


# ---- help and errors ------------------------------------------------------------
@pytest.mark.parametrize("cmd", COMMANDS)
def test_every_command_has_help(cmd):
    r = shell(cmd, "--help", check=0)
    assert r.stdout.startswith("usage: ") and cmd in r.stdout


def test_no_command_lists_them_and_fails():
    r = shell(check=2)
    for cmd in COMMANDS:
        assert cmd in r.stderr
    assert "decomp" in r.stderr and "join" in r.stderr


def test_missing_file_says_what_to_do(tmp):
    r = shell("info", tmp / "nope.exo", check=1)
    assert "no such file" in r.stderr and "Traceback" not in r.stderr
    r = run("diff", tmp / "nope.exo", tmp / "nope2.exo", check=2)
    assert "no such file" in r.stderr
    r = run("dump", corpus_file("seacas__test-gap.g.et"), check=1)
    assert "--var NAME" in r.stderr
    r = run("dump", corpus_file("seacas__test-gap.g.et"), "--var", "nosuch", check=1)
    assert "no variable 'nosuch'" in r.stderr and "nod_var0" in r.stderr


def test_exs_info_help():
    exe = os.environ.get("EXS_EXS_INFO")
    if not exe:
        pytest.skip("EXS_EXS_INFO not set (CTest sets it)")
    r = subprocess.run([exe, "--help"], capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.startswith("Usage:")
    r = subprocess.run([exe, "--bogus"], capture_output=True, text=True)
    assert r.returncode == 2 and "--help" in r.stderr
    r = subprocess.run([exe, str(corpus_file("seacas__test-gap.g.et"))],
                       capture_output=True, text=True)
    assert r.returncode == 0 and "26 nodes, 5 elements" in r.stdout


# ---- info ---------------------------------------------------------------------------
def test_info_json_counts_equal_the_reader_for_every_corpus_file():
    files = corpus_files()
    r = shell("info", "--json", *files, check=0)
    docs = json.loads(r.stdout)
    assert isinstance(docs, list) and len(docs) == len(files)
    for d, path in zip(docs, files):
        with exoslab.open(path) as f:
            assert (d["num_nodes"], d["num_elem"], d["num_dim"], d["num_steps"]) == \
                (f.num_nodes, f.num_elem, f.num_dim, f.num_times), path
            # .infos: in file order, duplicates kept (some files repeat ids)
            assert [b["id"] for b in d["elem_blocks"]] == [b.id for b in f.blocks.infos]
            assert [b["entries"] for b in d["elem_blocks"]] == \
                [b.num_entries for b in f.blocks.infos]
            assert [s["id"] for s in d["node_sets"]] == [s.id for s in f.node_sets.infos]
            assert d["variables"]["nodal"] == f.var_names("nodal")
            assert d["int64"] == f.int64 and d["format"] == f.format


def test_info_json_one_file_is_an_object_with_storage():
    r = run("info", "--json", corpus_file("derived__block_crush_1.nc4z.ex2"), check=0)
    d = json.loads(r.stdout)
    assert isinstance(d, dict) and d["compressed"]
    assert any(v["deflate"] > 0 for v in d["storage"].values())
    assert all(v["chunks"] for v in d["storage"].values() if v["deflate"])


def test_info_without_netcdf4_says_how_to_get_the_storage_table(tmp, monkeypatch):
    mesh = tmp / "q.exo"
    run("generate", mesh, "--type", "quad4", "--size", 2, "--format", "nc4", check=0)
    with_table = run("info", mesh, check=0).stdout
    if "storage:" in with_table and "chunked" in with_table:
        assert "need netCDF4-python" not in with_table
    monkeypatch.setitem(sys.modules, "netCDF4", None)   # import netCDF4 -> ImportError
    text = run("info", mesh, check=0).stdout
    assert "storage: per-array chunking and compression need netCDF4-python " \
        "(apt-get install python3-netcdf4)" in text
    assert json.loads(run("info", "--json", mesh, check=0).stdout)["storage"] is None
    assert "storage" not in run("info", "--no-storage", mesh, check=0).stdout


# ---- generate ------------------------------------------------------------------------
@pytest.mark.parametrize("etype,size,nodes,elems", [
    ("hex8", [4, 3, 2], 5 * 4 * 3, 24), ("tet4", [2, 2, 3], 3 * 3 * 4, 6 * 12),
    ("quad4", [5, 7], 6 * 8, 35)])
def test_generate_then_info_gives_the_counts(tmp, etype, size, nodes, elems):
    out = tmp / f"{etype}.exo"
    run("generate", out, "--type", etype, "--size", *size, "--steps", 4, "--blocks", 2,
        "--nodal", "temperature,pressure", check=0)
    d = json.loads(run("info", "--json", out, check=0).stdout)
    assert (d["num_nodes"], d["num_elem"], d["num_steps"]) == (nodes, elems, 4)
    assert [b["type"] for b in d["elem_blocks"]] == [etype.upper()] * 2
    assert sum(b["entries"] for b in d["elem_blocks"]) == elems
    assert d["variables"]["nodal"] == ["temperature", "pressure"]
    with exoslab.open(out) as f:   # the closed-form fields
        xyz = np.zeros((f.num_nodes, 3))
        xyz[:, :f.num_dim] = f.coords()
        want = 100 + xyz[:, 0] + 2 * xyz[:, 1] + 3 * xyz[:, 2] + 10 * 0.3 + 1
        np.testing.assert_allclose(f.nodal("pressure", 3), want)
        assert f.global_var("energy", 2) == pytest.approx(0.04)
        if etype == "tet4":   # every tet positively oriented
            c = f.connectivity(1) - 1
            p = xyz[c]
            vol = np.einsum("ij,ij->i", np.cross(p[:, 1] - p[:, 0], p[:, 2] - p[:, 0]),
                            p[:, 3] - p[:, 0])
            assert (vol > 0).all()


# ---- dump ---------------------------------------------------------------------------
def test_dump_prints_the_values(tmp):
    out = tmp / "g.exo"
    run("generate", out, "--size", 2, "--steps", 2, check=0)
    r = run("dump", out, "--var", "temperature", "--step", 1, check=0)
    lines = [l for l in r.stdout.splitlines() if l.startswith("  ")]
    with exoslab.open(out) as f:
        want = f.nodal("temperature", 1)
    assert [float(l.split(":")[1]) for l in lines] == list(want)
    r = run("dump", out, "--conn", "--head", 1, check=0)
    assert "  1: 1 2 5 4 10 11 14 13" in r.stdout and "more" in r.stdout
    r = run("dump", out, "--set", "node_set", 1, check=0)
    assert "(9 values)" in r.stdout


def test_dump_takes_blocks_and_sets_by_name(tmp):
    out = tmp / "named.exo"
    run("generate", out, "--size", 2, "--steps", 2, "--blocks", 2, check=0)
    by_id = run("dump", out, "--var", "stress", "--block", 2, "--step", 0, check=0)
    by_name = run("dump", out, "--var", "stress", "--block", "block_2", "--step", 0,
                  check=0)
    assert by_name.stdout == by_id.stdout
    with exoslab.open(out) as f:
        want = f.element("stress", 2, 0)
    lines = [l for l in by_name.stdout.splitlines() if l.startswith("  ")]
    assert [float(l.split(":")[1]) for l in lines] == list(want) and len(want) == 4
    conn = run("dump", out, "--conn", "--block", "block_1", check=0)
    assert conn.stdout == run("dump", out, "--conn", "--block", 1, check=0).stdout
    assert "connectivity of element block 1" in conn.stdout
    ns = run("dump", out, "--set", "ns", "x0", check=0)
    assert ns.stdout == run("dump", out, "--set", "node_set", 1, check=0).stdout
    assert "(9 values)" in ns.stdout
    r = run("dump", out, "--conn", "--block", "nope", check=1)
    assert "no elem_block named 'nope'; names are ['block_1', 'block_2']" in r.stderr
    assert "exoslab info FILE lists ids and names" in r.stderr


# ---- convert + diff ---------------------------------------------------------------------
def test_convert_then_diff_equal_for_each_format_pair(tmp):
    src = {}
    for fmt in FORMATS:
        src[fmt] = tmp / f"src-{fmt}.exo"
        run("generate", src[fmt], "--size", 3, "--steps", 2, "--blocks", 2,
            "--format", fmt, check=0)
    for a in FORMATS:
        for b in FORMATS:
            out = tmp / f"{a}-to-{b}.exo"
            run("convert", src[a], out, "--format", b, check=0)
            with exoslab.open(out) as f:
                assert f.format == b
            r = run("diff", src[a], out, check=0)
            assert "files are equal" in r.stdout


def test_convert_options_are_applied(tmp):
    src = corpus_file("seacas__test-gap.g.et")
    out = tmp / "z.exo"
    run("convert", src, out, "--format", "nc4", "--deflate", 4, "--shuffle", "--int64",
        "--float-size", 4, check=0)
    d = json.loads(run("info", "--json", out, check=0).stdout)
    assert d["compressed"] and d["int64"] and d["float_size"] == 4
    assert run("diff", "--rtol", "1e-6", src, out).returncode == 0
    r = run("convert", src, out, check=1)   # exists
    assert "--clobber" in r.stderr


def test_convert_then_diff_every_corpus_file(tmp):
    equal, refused = 0, []
    for path in corpus_files():
        out = tmp / (path.name + ".nc4")
        r = run("convert", "-q", path, out)
        if r.returncode != 0:
            # The writer refuses some models (results-only, duplicate ids):
            # a clear message, never a traceback.
            assert r.returncode == 1 and "Traceback" not in r.stderr, (path, r.stderr)
            assert "(EXS_" in r.stderr or "no mesh" in r.stderr, (path, r.stderr)
            refused.append(path.name)
            continue
        r = run("diff", "-q", path, out)
        assert r.returncode == 0, (path, r.stdout, r.stderr)
        equal += 1
    assert equal >= len(corpus_files()) - 5, refused


def _plant(path, var, step, node, delta):
    import netCDF4
    with netCDF4.Dataset(path, "a") as ds:
        names = [n.strip() for n in netCDF4.chartostring(ds["name_nod_var"][:])]
        v = ds[f"vals_nod_var{names.index(var) + 1}"]
        v[step, node] = v[step, node] + delta


def test_diff_finds_a_planted_difference_and_its_place(tmp):
    a, b = tmp / "a.exo", tmp / "b.exo"
    run("generate", a, "--size", 3, "--steps", 3, "--format", "cdf2", check=0)
    shutil.copy(a, b)
    _plant(b, "temperature", 2, 16, 0.5)       # node 17, step 2
    r = run("diff", a, b, check=1)
    assert "files DIFFER" in r.stdout
    line = [l for l in r.stdout.splitlines() if "nodal temperature step 2" in l]
    assert line and "1 of 64 values differ" in line[0] and "node 17 (id 17)" in line[0]
    assert "max |a-b| 0.5" in line[0]
    assert run("diff", "--atol", "0.6", a, b).returncode == 0
    assert run("diff", "--tol", "temperature=0.6", a, b).returncode == 0
    assert run("diff", "--tol", "temperature=0.4", a, b).returncode == 1
    r = run("diff", "--tol", "temperature", a, b, check=2)
    assert "NAME=ATOL" in r.stderr


def _permuted_copy(src, dst, rng):
    """dst: src's mesh and nodal results with nodes renumbered by a random
    permutation, node ids carried in the id map."""
    with exoslab.open(src) as f:
        n = f.num_nodes
        perm = rng.permutation(n)          # new position i holds old node perm[i]
        inv = np.empty(n, dtype=np.int64)
        inv[perm] = np.arange(n)
        ids = f.id_map("node")
        g = exoslab.create(dst, format="nc4")
        g.def_mesh(f.title, f.num_dim, n)
        for b in f.blocks.values():
            g.def_block(b.id, b.type, b.num_entries, b.nodes_per_entry)
        for sid, s in f.node_sets.items():
            g.def_set("node_set", sid, s.num_entries)
        g.def_vars("nodal", f.var_names("nodal"))
        g.put_coords(f.coords()[perm])
        for b in f.blocks:
            g.put_connectivity(b, inv[f.connectivity(b) - 1] + 1)
        g.put_id_map("node", ids[perm])
        for sid in f.node_sets:
            g.put_node_set(sid, inv[f.node_set(sid) - 1] + 1)
        for s in range(f.num_times):
            g.put_time(s, f.times[s])
            for v in range(len(f.var_names("nodal"))):
                g.put_nodal(v, s, f.nodal(v, s)[perm])
        g.close()


def test_diff_matches_nodes_by_id_map(tmp):
    a, b = tmp / "a.exo", tmp / "perm.exo"
    run("generate", a, "--size", 3, "--steps", 2, "--element", "", "--globals", "",
        check=0)
    _permuted_copy(a, b, np.random.default_rng(7))
    r = run("diff", a, b, check=0)
    assert "files are equal" in r.stdout
    r = run("diff", "--match", "position", a, b, check=1)
    assert "coordinate x" in r.stdout


# ---- bench ----------------------------------------------------------------------------
def test_bench_reports_rates_and_bytes(tmp):
    out = tmp / "g.exo"
    run("generate", out, "--size", 6, "--steps", 2, check=0)
    d = json.loads(run("bench", out, "--repeat", 1, "--json", check=0).stdout)
    nn, ne = 7 ** 3, 6 ** 3
    # coords + connectivity (int64) + 2 steps of 1 nodal and 1 element variable
    assert d["data_bytes"] == 8 * (3 * nn + 8 * ne + 2 * nn + 2 * ne)
    assert d["exoslab_MBps"] > 0 and d["pread_MBps"] > 0
    assert d["file_bytes"] == os.path.getsize(out) and d["peak_heap_MB"] > 0
    r = run("bench", out, "--repeat", 1, check=0)
    assert "MB/s" in r.stdout and "pread" in r.stdout


# ---- plot -------------------------------------------------------------------------------
def _png(path):
    mpimg = pytest.importorskip("matplotlib.image", reason="python3-matplotlib missing")
    return mpimg.imread(path)


@pytest.mark.parametrize("args", [
    ["--size", "640x480"], ["--field", "temperature", "--size", "500x400"],
    ["--ranks", "3", "--size", "300x300"], ["--field", "stress", "--size", "400x300"]])
@pytest.mark.parametrize("etype", ["hex8", "quad4", "tet4"])
def test_plot_writes_a_png_of_the_size_with_a_picture(tmp, etype, args):
    pytest.importorskip("matplotlib", reason="python3-matplotlib missing")
    mesh = tmp / f"{etype}.exo"
    run("generate", mesh, "--type", etype, "--size", 3, "--blocks", 3, check=0)
    png = tmp / "out.png"
    run("plot", mesh, "-o", png, *args, check=0)
    img = _png(png)
    w, h = (int(v) for v in args[args.index("--size") + 1].split("x"))
    assert img.shape[:2] == (h, w)
    background = np.all(img[..., :3] > 0.99, axis=-1)
    assert background.mean() < 0.97          # not all background
    coloured = np.ptp(img[..., :3], axis=-1) > 0.2
    assert coloured.sum() > 0.02 * w * h     # and coloured, not only axes


def test_plot_corpus_file(tmp):
    pytest.importorskip("matplotlib", reason="python3-matplotlib missing")
    png = tmp / "gap.png"
    run("plot", corpus_file("seacas__test-gap.g.et"), "-o", png, "--field", "nod_var0",
        check=0)
    assert _png(png).shape[:2] == (600, 800)


def test_plot_without_matplotlib_says_how_to_install(tmp, capsys):
    from exoslab import cli
    mesh = tmp / "q.exo"
    run("generate", mesh, "--type", "quad4", "--size", 2, check=0)
    saved = {k: v for k, v in sys.modules.items() if k.startswith("matplotlib")}
    try:
        sys.modules["matplotlib"] = None       # import matplotlib -> ImportError
        rc = cli.main(["plot", str(mesh), "-o", str(tmp / "x.png")])
    finally:
        del sys.modules["matplotlib"]
        sys.modules.update(saved)
    assert rc == 1
    assert "apt-get install python3-matplotlib" in capsys.readouterr().err


# ---- progress bars ---------------------------------------------------------------------
class _Terminal:
    """A stand-in stderr that says it is a terminal and keeps what it gets."""
    def __init__(self, tty):
        import io
        self.buf, self.tty = io.StringIO(), tty

    def isatty(self):
        return self.tty

    def write(self, text):
        return self.buf.write(text)

    def flush(self):
        pass


@pytest.mark.parametrize("cmd", ["convert", "diff", "generate"])
def test_progress_bar_on_a_terminal_and_quiet_otherwise(tmp, monkeypatch, cmd):
    pytest.importorskip("tqdm", reason="python3-tqdm missing")
    src = tmp / "src.exo"
    run("generate", src, "--size", 2, "--steps", 4, "-q", check=0)
    argv = {"convert": ["convert", src, tmp / "c.exo", "--clobber"],
            "diff": ["diff", src, src],
            "generate": ["generate", tmp / "g.exo", "--size", 2, "--steps", 4,
                         "--clobber"]}[cmd]
    seen = {}
    for label, tty, extra in [("terminal", True, []), ("pipe", False, []),
                              ("quiet", True, ["-q"])]:
        term = _Terminal(tty)
        monkeypatch.setattr(sys, "stderr", term)
        run(*argv, *extra, check=0)
        seen[label] = term.buf.getvalue()
    monkeypatch.undo()
    assert f"{cmd}:" in seen["terminal"] and "/4 [" in seen["terminal"], seen
    assert seen["pipe"] == "" and seen["quiet"] == "", seen


# ---- parallel convert ------------------------------------------------------------------
@pytest.mark.parametrize("np_", [2, 3])
@pytest.mark.parametrize("fmt", ["nc4", "cdf5"])
def test_convert_under_mpiexec_is_collective_and_equal(tmp, np_, fmt):
    mpiexec = os.environ.get("EXS_MPIEXEC")
    if not mpiexec or not exoslab.HAVE_MPI:
        pytest.skip("MPI variant only (EXS_MPIEXEC set by CTest in the MPI build)")
    src = tmp / "src.exo"
    run("generate", src, "--size", 5, 4, 3, "--steps", 3, "--blocks", 3, check=0)
    out = tmp / f"par-{fmt}-{np_}.exo"
    r = shell("convert", src, out, "--format", fmt,
              prefix=(mpiexec, "-n", str(np_), "--oversubscribe"))
    assert r.returncode == 0, r.stderr
    assert f"{np_} ranks, collective" in r.stdout
    assert "files are equal" in run("diff", src, out, check=0).stdout
    src2 = corpus_file("seacas__test-gap.g.et")
    out2 = tmp / f"gap-{fmt}-{np_}.exo"
    r = shell("convert", src2, out2, "--format", fmt,
              prefix=(mpiexec, "-n", str(np_), "--oversubscribe"))
    assert r.returncode == 0, r.stderr
    assert run("diff", src2, out2).returncode == 0


# ---- decomp / join (Nemesis) ------------------------------------------------------------
def _mesh_only(tmp, name="src.exo"):
    src = tmp / name
    run("generate", src, "--size", 6, 5, 4, "--steps", 0, "--blocks", 3, "--nodal", "",
        "--element", "", "--globals", "", "--format", "cdf2", check=0)
    return src


def _mpiexec():
    mpiexec = os.environ.get("EXS_MPIEXEC")
    if not mpiexec or not exoslab.HAVE_MPI:
        pytest.skip("MPI variant only (EXS_MPIEXEC set by CTest in the MPI build)")
    return mpiexec


def _join_equal(src, base, out, *files):
    r = run("join", *(files or (base,)), "-o", out, check=0)
    assert f"-> {out}" in r.stdout
    d = run("diff", src, out, check=0).stdout
    assert "files are equal" in d, d


def test_decomp_one_part_then_join_equals_the_original(tmp):
    src = _mesh_only(tmp)
    r = run("decomp", src, "-n", 1, "-o", tmp / "one.e", check=0)
    assert "1 files" in r.stdout and (tmp / "one.e.1.0").exists()
    with exoslab.open(tmp / "one.e.1.0") as f:
        assert f.nemesis and f.inquire("NUM_PROCS") == 1
    _join_equal(src, tmp / "one.e", tmp / "one.joined.exo")
    r = run("decomp", src, "-n", 1, "-o", tmp / "one.e", check=1)  # no --clobber
    assert "exists" in r.stderr or "EEXIST" in r.stderr, r.stderr


@pytest.mark.parametrize("how", ["mpiexec", "shell"])
def test_decomp_three_parts_then_join_equals_the_original(tmp, how):
    mpiexec = _mpiexec()
    src = _mesh_only(tmp)
    base = tmp / f"three-{how}.e"
    prefix = (mpiexec, "-n", "3", "--oversubscribe") if how == "mpiexec" else ()
    r = shell("decomp", src, "-n", 3, "-o", base, "--method", "linear", prefix=prefix)
    assert r.returncode == 0, r.stderr
    files = sorted(tmp.glob(f"three-{how}.e.3.*"))
    assert [p.name[-1] for p in files] == ["0", "1", "2"]
    parts = [exoslab.open(p) for p in files]
    try:  # every element in one part, the parts' nodes cover the mesh
        assert sum(p.num_elem for p in parts) == 120
        assert len(set(np.concatenate([p.id_map("node") for p in parts]))) == 210
    finally:
        for p in parts:
            p.close()
    _join_equal(src, base, tmp / f"three-{how}.joined.exo", *files)


def test_decomp_corpus_with_sets_then_join_equals_the_original(tmp):
    mpiexec = _mpiexec()
    src = corpus_file("seacas-dmp__testwt_ss.exo")   # side sets, node sets, df
    r = shell("decomp", src, "-n", 2, "-o", tmp / "ss.e",
              prefix=(mpiexec, "-n", "2", "--oversubscribe"))
    assert r.returncode == 0, r.stderr
    _join_equal(src, tmp / "ss.e", tmp / "ss.joined.exo")


def _id_maps_equal(src, out):
    with exoslab.open(src) as a, exoslab.open(out) as b:
        for kind in ("node", "elem"):
            assert a.has_id_map(kind) == b.has_id_map(kind), kind
            np.testing.assert_array_equal(a.id_map(kind), b.id_map(kind))
        np.testing.assert_array_equal(a.coords(), b.coords())


@pytest.mark.parametrize("nparts", [1, 3])
def test_decomp_keeps_the_id_maps_and_join_restores_them(tmp, nparts):
    # element ids 1..48 permuted: equal only if the ids travel
    src = corpus_file("libmesh__read_exodus_PYRAMID5.e")
    base = tmp / f"ids{nparts}.e"
    if nparts == 1:
        run("decomp", src, "-n", 1, "-o", base, check=0)
    else:
        mpiexec = _mpiexec()
        r = shell("decomp", src, "-n", nparts, "-o", base,
                  prefix=(mpiexec, "-n", str(nparts), "--oversubscribe"))
        assert r.returncode == 0, r.stderr
    with exoslab.open(src) as f:
        ids = f.id_map("elem")
        has_node_ids = f.has_id_map("node")   # stored, though 1..n
    assert not np.array_equal(ids, np.arange(1, len(ids) + 1))
    seen = np.zeros(len(ids), dtype=bool)
    for p in sorted(tmp.glob(f"ids{nparts}.e.{nparts}.*")):
        with exoslab.open(p) as f:   # the ids, and the positions apart
            pos = f.map("elem", "exs_global_position") - 1
            np.testing.assert_array_equal(f.id_map("elem"), ids[pos])
            seen[pos] = True
            assert len(f.node_maps) == has_node_ids   # positions where ids are
    assert seen.all()
    out = tmp / f"ids{nparts}.joined.exo"
    _join_equal(src, base, out)
    assert "files are equal" in run("diff", "--match", "position", src, out,
                                    check=0).stdout
    _id_maps_equal(src, out)


def _same_model(src, out):
    """What the project's diff does not look at, value by value and in the
    original order: attributes, distribution factors, variables."""
    with exoslab.open(src) as a, exoslab.open(out) as b:
        for bid in a.blocks:
            ia, ib = a.blocks[bid], b.blocks[bid]
            assert (ia.num_entries, ia.num_attr) == (ib.num_entries, ib.num_attr), bid
            np.testing.assert_array_equal(a.connectivity(bid), b.connectivity(bid))
            if ia.num_attr and ia.num_entries:
                np.testing.assert_array_equal(a.attributes(bid), b.attributes(bid))
                assert a.attribute_names(bid) == b.attribute_names(bid)
        for sid, info in a.node_sets.items():
            assert b.node_sets[sid].num_df == info.num_df, sid
            ka, kb = np.argsort(a.node_set(sid)), np.argsort(b.node_set(sid))
            if info.num_df:
                np.testing.assert_array_equal(a.dist_factors("node_set", sid)[ka],
                                              b.dist_factors("node_set", sid)[kb])
        for sid, info in a.side_sets.items():
            assert b.side_sets[sid].num_df == info.num_df, sid
            if not info.num_df:
                continue
            rows = []
            for f in (a, b):   # (element, side) -> that side's factors
                e, side = f.side_set(sid)
                d = f.dist_factors("side_set", sid).reshape(len(e), -1)
                rows.append(sorted(zip(e.tolist(), side.tolist(), map(tuple, d.tolist()))))
            assert rows[0] == rows[1], sid
        np.testing.assert_array_equal(a.times, b.times)
        for kind in ("global", "nodal", "element"):
            assert a.var_names(kind) == b.var_names(kind), kind
        for s in range(a.num_times):
            np.testing.assert_array_equal(a.global_vars(s), b.global_vars(s))
            for v in range(len(a.var_names("nodal"))):
                np.testing.assert_array_equal(a.nodal(v, s), b.nodal(v, s))
            tab = a.truth_table("element") if a.var_names("element") else None
            for v in range(len(a.var_names("element"))):
                for k, bid in enumerate(a.blocks):
                    if tab[k, v] and a.blocks[bid].num_entries:
                        np.testing.assert_array_equal(a.element(v, bid, s),
                                                      b.element(v, bid, s))


def _decomp(src, base, nparts):
    if nparts == 1:
        run("decomp", src, "-n", 1, "-o", base, check=0)
        return
    mpiexec = _mpiexec()
    r = shell("decomp", src, "-n", nparts, "-o", base,
              prefix=(mpiexec, "-n", str(nparts), "--oversubscribe"))
    assert r.returncode == 0, r.stderr


@pytest.mark.parametrize("nparts", [1, 3])
def test_decomp_carries_every_step_of_the_results(tmp, nparts):
    src = tmp / "res.exo"
    run("generate", src, "--size", 5, 4, 3, "--steps", 4, "--blocks", 2, "--nodal", "t,u",
        "--element", "s", "--globals", "e,k", "--format", "cdf5", check=0)
    base = tmp / f"res{nparts}.e"
    _decomp(src, base, nparts)
    with exoslab.open(src) as f:
        nodal = f.nodal("u", 2)
    for p in sorted(tmp.glob(f"res{nparts}.e.{nparts}.*")):
        with exoslab.open(p) as f:   # each part: every step, its nodes' values
            assert f.num_times == 4 and f.var_names("global") == ["e", "k"]
            np.testing.assert_array_equal(f.nodal("u", 2), nodal[f.id_map("node") - 1])
    out = tmp / f"res{nparts}.joined.exo"
    _join_equal(src, base, out)
    _same_model(src, out)


@pytest.mark.parametrize("nparts", [1, 3])
@pytest.mark.parametrize("name", [
    "petsc__Rect-tri3.exo",        # block attributes (and node ids not 1..n)
    "mfem__cylinder-tet-p2.gen",   # side-set factors, 6 per TET10 face; node ids
    "seacas-dmp__testwt_ss.exo"])  # factors on some side sets only, attributes
def test_decomp_keeps_attributes_and_side_set_factors(tmp, nparts, name):
    src = corpus_file(name)
    base = tmp / f"af{nparts}.e"
    _decomp(src, base, nparts)
    out = tmp / f"af{nparts}.joined.exo"
    _join_equal(src, base, out)
    _id_maps_equal(src, out)
    _same_model(src, out)


@pytest.mark.parametrize("name,nodes,elems,steps", [
    ("exodusjl__epu_mesh_test.g", 16641, 16384, 0),
    ("peridigm__NPDL_Fluid_Concentration.e", 459, 459, 11)])
def test_join_of_a_corpus_set_has_its_global_counts(tmp, name, nodes, elems, steps):
    files = [corpus_file(f"{name}.4.{r}") for r in range(4)]
    out = tmp / f"{name}.joined.exo"
    run("join", *files, "-o", out, check=0)
    d = json.loads(run("info", out, "--json", check=0).stdout)
    assert (d["num_nodes"], d["num_elem"], d["num_steps"]) == (nodes, elems, steps), d
    with exoslab.open(out) as g, exoslab.open(files[0]) as f0:
        assert list(g.blocks) == list(f0.blocks)
        for sid in g.node_sets:   # each node once
            m = g.set_members("node_set", sid)
            assert len(np.unique(m)) == len(m)


def test_join_bad_sets_say_what_is_wrong(tmp):
    src = _mesh_only(tmp)
    run("decomp", src, "-n", 1, "-o", tmp / "a.e", check=0)
    r = run("join", tmp / "nothere.e", "-o", tmp / "x.exo", check=1)
    assert "no Nemesis set" in r.stderr
    r = run("join", tmp / "a.e", "-n", 2, "-o", tmp / "x.exo", check=1)
    assert "a.e.2.0" in r.stderr
    r = run("join", tmp / "a.e.1.0", src, "-o", tmp / "x.exo", check=1)
    assert "not a file of the set" in r.stderr
    run("join", tmp / "a.e", "-o", tmp / "x.exo", check=0)
    r = run("join", tmp / "a.e", "-o", tmp / "x.exo", check=1)   # no --clobber
    assert "--clobber" in r.stderr
    if not exoslab.HAVE_MPI:
        r = run("decomp", src, "-n", 3, check=1)
        assert "needs 3 MPI ranks" in r.stderr


# ---- API consistency the docs promise ------------------------------------------------
def test_file_constructor_opens_and_star_import_keeps_open():
    path = corpus_file("seacas__test-gap.g.et")
    with exoslab.File(path) as f:
        assert f.num_nodes == 26 and f.mode == "r"
    ns = {}
    exec("from exoslab import *", ns)
    assert "open" not in ns and "File" in ns and "create" in ns
    with pytest.raises(exoslab.ArgumentError, match="use 'r'"):
        exoslab.File(path, mode="w")
