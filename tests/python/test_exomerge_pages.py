"""How the in-memory import gets its memory: 2 MiB-aligned huge pages by
default; with EXOSLAB_HUGE_PAGES=0, small-page advice and the populate
thread that faults each bulk array in from its end while the reader fills
it from its front (exoslab._em_io._empty / _Populator)."""
import os
import warnings

import numpy as np
import pytest

import exoslab.exomerge as em
from exoslab import _em_io as IO
from exoslab import _ext


def _rss_kib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


linux = pytest.mark.skipif(not os.path.exists("/proc/self/status"),
                           reason="needs Linux /proc")


@linux
def test_populate_faults_pages_in_and_keeps_contents():
    n = 32 << 20
    a = np.empty(n, np.uint8)
    assert _ext.page_advice(a, False) is True
    before = _rss_kib()
    assert _ext.populate_pages(a) is True
    grown = _rss_kib() - before
    assert grown >= (n >> 10) * 9 // 10, grown     # (about) all of it resident
    # on pages already written, populating changes nothing
    b = np.arange(4 << 20, dtype=np.int64)
    assert _ext.populate_pages(b) is True
    assert np.array_equal(b, np.arange(4 << 20, dtype=np.int64))
    # an array smaller than a page has no whole page: nothing to do
    assert _ext.populate_pages(np.empty(3)) is False
    assert _ext.page_advice(np.empty(3), True) is False


def test_page_helpers_refuse_what_they_cannot_advise():
    frozen = np.zeros(1 << 20)
    frozen.flags.writeable = False
    for bad in (frozen, [1.0, 2.0], np.zeros((512, 512))[:, ::2]):
        with pytest.raises(TypeError, match="writeable C-contiguous"):
            _ext.populate_pages(bad)
        with pytest.raises(TypeError, match="writeable C-contiguous"):
            _ext.page_advice(bad, False)


def _big_model(path):
    """A mesh whose coordinates, connectivity and fields are each over
    _POPULATE_MIN, exported to path; returns the model."""
    m = em.ExodusModel()
    m.build_hex8_cube(1, [[0.0, 1.0], [0.0, 1.0], [0.0, 0.4]], [100, 100, 40])
    m.create_timestep(0.0)
    m.create_timestep(1.5)
    m.create_timestep(3.0)
    m.calculate_node_field("temp = X + 2 * Y - Z * time")
    m.calculate_node_field("other = X * Y + time")
    m.calculate_element_field("heat = 1 + time")
    m.export_model(path)
    return m


@linux
def test_import_with_the_populate_thread_equals_without(tmp_path, monkeypatch):
    path = str(tmp_path / "big.exo")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        src = _big_model(path)
    assert src.get_coords_array().nbytes >= IO._POPULATE_MIN
    started = []
    real_add = IO._Populator.add

    def add(self, arr, populate):
        started.append(arr.nbytes)
        real_add(self, arr, populate)

    monkeypatch.setattr(IO._Populator, "add", add)
    monkeypatch.setattr(IO, "_cpus", lambda: 2)
    monkeypatch.setattr(IO, "_HUGE_PAGES", False)
    with_thread = em.import_model(path)
    # coordinates, connectivity and both node fields went to the thread
    assert len(started) >= 4 and min(started) >= IO._POPULATE_MIN
    # and none is held or queued once the import returned
    assert IO._populator.queue.unfinished_tasks == 0
    monkeypatch.setattr(IO, "_POPULATE_MIN", 1 << 62)
    count = len(started)
    without = em.import_model(path)
    assert len(started) == count                     # no thread this time
    monkeypatch.setattr(IO, "_POPULATE_MIN", 8 << 20)
    monkeypatch.setattr(IO, "_HUGE_PAGES", True)
    huge = em.import_model(path)
    assert len(started) == count                     # huge pages: no thread
    for other in (without, huge):
        assert np.array_equal(with_thread.get_coords_array(),
                              other.get_coords_array())
        assert np.array_equal(with_thread.get_connectivity_flat(1),
                              other.get_connectivity_flat(1))
        for name in ("temp", "other"):
            assert np.array_equal(with_thread._node_fields[name],
                                  other._node_fields[name])
        assert np.array_equal(
            with_thread.get_block_object(1).fields["heat"],
            other.get_block_object(1).fields["heat"])
    # the values are the ones exported
    assert np.array_equal(with_thread.get_coords_array(), src.get_coords_array())
    assert np.array_equal(with_thread._node_fields["temp"],
                          src._node_fields["temp"])
    assert with_thread._node_fields["temp"].shape == (3, len(src._coords))


def test_one_cpu_or_no_extension_reads_without_the_thread(monkeypatch):
    calls = []
    monkeypatch.setattr(IO._Populator, "add",
                        lambda self, arr, populate: calls.append(arr))
    monkeypatch.setattr(IO, "_cpus", lambda: 1)
    monkeypatch.setattr(IO, "_HUGE_PAGES", False)
    a = IO._empty((IO._POPULATE_MIN // 8 + 1,))
    assert a.shape == (IO._POPULATE_MIN // 8 + 1,) and a.dtype == np.float64
    assert calls == []
    monkeypatch.setattr(IO, "_cpus", lambda: 2)
    monkeypatch.setattr(IO, "_helpers", lambda: None)
    b = IO._empty((IO._POPULATE_MIN // 8 + 1,), np.int64)
    assert b.dtype == np.int64 and calls == []
    monkeypatch.setattr(IO, "_helpers", lambda: (_ext.page_advice,
                                                  _ext.populate_pages))
    c = IO._empty((IO._POPULATE_MIN // 8 + 1,))
    assert len(calls) == 1 and calls[0] is c
    # huge pages: the data starts on a 2 MiB boundary
    monkeypatch.setattr(IO, "_HUGE_PAGES", True)
    d = IO._empty((5 << 20,))
    assert d.ctypes.data % (2 << 20) == 0 and d.shape == (5 << 20,)
    assert len(calls) == 1                # and no thread on huge pages


def test_page_size_from_the_environment():
    """Huge pages unless EXOSLAB_HUGE_PAGES says no (0, no, off, false)."""
    import subprocess
    import sys
    code = "from exoslab import _em_io; print(_em_io._HUGE_PAGES)"
    env = dict(os.environ)
    seen = {}
    for value in (None, "1", "0", "off", " False ", "yes"):
        if value is None:
            env.pop("EXOSLAB_HUGE_PAGES", None)
        else:
            env["EXOSLAB_HUGE_PAGES"] = value
        out = subprocess.run([sys.executable, "-c", code], env=env, check=True,
                             capture_output=True, text=True).stdout.strip()
        seen[value] = out
    assert seen == {None: "True", "1": "True", "0": "False", "off": "False",
                    " False ": "False", "yes": "True"}
