"""Shared fixtures of exoslab's Python tests.

Environment (set by CTest; defaults for a manual run from the repo):
  EXS_CORPUS     directory of the real Exodus files (../shared/corpus)
  EXS_TEST_TMP   scratch directory (pytest's tmp dirs otherwise)
  EXS_PYDUMP     the exs_pydump program (C reader dump); tests that need
                 it are skipped without it
  PYTHONPATH     must reach the built package (build/python)
"""
import os
import pathlib
import subprocess
import sys

import numpy as np
import pytest

import exoslab

HERE = pathlib.Path(__file__).resolve().parent
CORPUS = pathlib.Path(os.environ.get("EXS_CORPUS",
                                     HERE.parents[2] / "shared" / "corpus"))


def corpus_files():
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.iterdir()
                  if p.is_file() and p.suffix not in (".md", ".tsv"))


def corpus_file(name):
    p = CORPUS / name
    if not p.exists():
        pytest.skip(f"corpus file {name} not found in {CORPUS}")
    return p


def pytest_configure(config):
    config.addinivalue_line("markers", "mpi: needs an MPI run (mpiexec -n N)")


@pytest.fixture(scope="session")
def scratch(tmp_path_factory):
    """A session scratch directory (under EXS_TEST_TMP when set)."""
    base = os.environ.get("EXS_TEST_TMP")
    if base:
        d = pathlib.Path(base) / f"python-{os.getpid()}"
        d.mkdir(parents=True, exist_ok=True)
        return d
    return tmp_path_factory.mktemp("exoslab")


@pytest.fixture
def tmp(scratch, request):
    """A per-test scratch directory."""
    d = scratch / request.node.name.replace("/", "_").replace("[", "_").strip("]")
    d.mkdir(parents=True, exist_ok=True)
    return d


@pytest.fixture(scope="session")
def nc_reference(scratch):
    """name -> dict of reference arrays from netCDF4-python (run in a child
    process: netCDF4-python's serial libnetcdf must not share a process
    with the MPI build's)."""
    files = corpus_files()
    outdir = scratch / "ncref"
    cmd = [sys.executable, str(HERE / "nc_reference.py"), str(outdir)]
    cmd += [str(p) for p in files]
    subprocess.run(cmd, check=True)

    def load(name):
        with np.load(outdir / (name + ".npz"), allow_pickle=True) as z:
            return {k: z[k] for k in z.files}
    return load


@pytest.fixture(scope="session")
def c_dump(scratch):
    """name -> dict of arrays read by the C library (exs_pydump)."""
    prog = os.environ.get("EXS_PYDUMP")
    if not prog:
        pytest.skip("EXS_PYDUMP (the exs_pydump program) is not set")
    outdir = scratch / "cdump"
    outdir.mkdir(exist_ok=True)

    def load(path):
        base = outdir / path.name
        subprocess.run([prog, str(path), str(base)], check=True)
        raw = np.fromfile(str(base) + ".bin", dtype=np.uint8)
        out = {}
        for line in open(str(base) + ".txt"):
            key, dt, count, off = line.split()
            out[key.replace("/", ":")] = np.frombuffer(
                raw, dtype=dt, count=int(count), offset=int(off))
        return out
    return load


def binding_value(f, key):
    """What the binding returns for a dump/reference key, flattened."""
    p = key.split(":")
    what = p[0]
    ints = [int(x) for x in p[1:]]
    if what == "coord":
        return f.coord(ints[0])
    if what == "conn":
        kind, bid, which = ints
        return f.connectivity(bid, kind=kind, which=which, flat=True)
    if what == "counts":
        return f.entry_counts(ints[1], kind=ints[0])
    if what == "attr":
        return f.attributes(ints[1], kind=ints[0], flat=True)
    if what == "set":
        return f.set_members(ints[0], ints[1])
    if what == "extra":
        return f.set(ints[0], ints[1])[1]
    if what == "df":
        return f.dist_factors(ints[0], ints[1])
    if what == "idmap":
        return f.id_map(ints[0])
    if what == "map":
        return f.map(ints[0], ints[1])
    if what == "ordermap":
        return f.order_map()
    if what == "times":
        return f.times
    if what == "var":
        kind, eid, var, step = ints
        if kind == exoslab.Kind.GLOBAL:
            return f.global_vars(step)
        return f.var(kind, var, eid, step)
    raise KeyError(key)


def _equal(a, b):
    a = np.asarray(a).ravel()
    b = np.asarray(b).ravel()
    return a.shape == b.shape and np.array_equal(a, b, equal_nan=a.dtype.kind == "f")


def compare_with(f, ref, skip=()):
    """Compare the binding's values with a dump/reference dict. Returns
    (list of differences, number of arrays compared)."""
    bad, checked = [], 0
    for key, want in ref.items():
        if key.startswith("meta:") or key.split(":")[0] in skip:
            continue
        try:
            got = binding_value(f, key)
        except exoslab.Error as e:
            bad.append(f"{key}: {type(e).__name__}: {e}")
            continue
        checked += 1
        if not _equal(got, want):
            bad.append(f"{key}: binding {np.asarray(got).ravel()[:8]} != "
                       f"reference {np.asarray(want).ravel()[:8]} "
                       f"(sizes {np.asarray(got).size}, {np.asarray(want).size})")
    return bad, checked


def nc_reference_of(path, outdir):
    """netCDF4-python's reading of one file (in a child process)."""
    subprocess.run([sys.executable, str(HERE / "nc_reference.py"), str(outdir),
                    str(path)], check=True)
    with np.load(pathlib.Path(outdir) / (pathlib.Path(path).name + ".npz"),
                 allow_pickle=True) as z:
        return {k: z[k] for k in z.files}


@pytest.fixture
def gap():
    """The classic test-gap file: blocks with attributes, sets with
    distribution factors, global/nodal/element variables, 10 steps."""
    with exoslab.open(corpus_file("seacas__test-gap.g.et")) as f:
        yield f
