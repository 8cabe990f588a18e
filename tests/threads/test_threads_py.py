"""Python threads on the library: 8 threads open, read and close classic
and netCDF-4 corpus files at once (the binding releases the GIL during
reads), every read must equal the single-threaded one, and nothing may
reach stderr at the C level (capfd): HDF5 printed its error stacks from
every thread but the first before the library turned printing off per
thread (8 threads printed 3.7 M lines)."""
import os
import pathlib
import threading

import numpy as np
import pytest

import exoslab

HERE = pathlib.Path(__file__).resolve().parent
CORPUS = pathlib.Path(os.environ.get("EXS_CORPUS",
                                     HERE.parents[2] / "shared" / "corpus"))
NAMES = ["petsc__hybrid_hexwedge.exo",                       # netCDF-4
         "seacas__catalyst_aero_blunt_wedge_wall_test3.ex2",  # netCDF-4
         "libmesh__read_exodus_HEX20.e",                      # CDF-2
         "seacas__ioss_ADeDA.e"]                              # CDF-1
THREADS, ROUNDS = 8, 20


def read_all(path):
    with exoslab.open(str(path)) as f:
        out = [f.coords()]
        for bid in f.blocks:
            out.append(f.connectivity(bid))
        return out


def test_threads_read_same_as_serial_and_print_nothing(capfd):
    paths = [CORPUS / n for n in NAMES if (CORPUS / n).is_file()]
    if not paths:
        pytest.skip(f"no corpus at {CORPUS}")
    want = {p: read_all(p) for p in paths}
    errors = []

    def work(i):
        for r in range(ROUNDS):
            p = paths[(i + r) % len(paths)]
            try:
                got = read_all(p)
                if len(got) != len(want[p]) or not all(
                        np.array_equal(a, b) for a, b in zip(got, want[p])):
                    errors.append(f"{p.name}: differs from the serial read")
            except Exception as e:  # noqa: BLE001 -- reported below
                errors.append(f"{p.name}: {e!r}")

    threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    err = capfd.readouterr().err
    assert errors == []
    assert err == "", f"{len(err)} bytes on stderr, first: {err[:500]}"
