"""File.get_vars / File.put_vars: many variable slabs of one step in one
library call (exs_get_vars_all / exs_put_vars_all). Values are asserted
against the single-call reads (var()) and writes (put_var()); out= arrays
are filled in place; bad requests raise clear exceptions."""
import numpy as np
import pytest

import exoslab

FORMATS = ["cdf2", "cdf5", "nc4"]
NN, NE1, NE2, STEPS = 12, 5, 3, 3


def values(step, k, n):
    return np.arange(n, dtype=float) * (k + 1) + 100.0 * step


def make(path, fmt, batch):
    """A mesh with two nodal, two element (both blocks) and two global
    variables, written by put_vars (batch) or by put_var."""
    with exoslab.create(path, format=fmt, clobber=True) as f:
        f.def_mesh("batch", 1, NN)
        f.def_block(1, "BAR2", NE1, 2)
        f.def_block(2, "BAR2", NE2, 2)
        f.def_vars("nodal", ["u", "v"])
        f.def_vars("elem_block", ["s", "t"])
        f.def_vars("global", ["g0", "g1"])
        f.put_coord(0, np.arange(NN, dtype=float))
        f.put_connectivity(1, np.array([[i + 1, i + 2] for i in range(NE1)]))
        f.put_connectivity(2, np.array([[i + 7, i + 8] for i in range(NE2)]))
        for step in range(STEPS):
            f.put_time(step, 0.5 * step)
            reqs = [("nodal", "u", None, values(step, 0, NN)),
                    ("nodal", 1, 0, values(step, 1, NN)),
                    ("elem_block", "s", 1, values(step, 2, NE1)),
                    ("elem_block", "t", 2, values(step, 3, NE2)),
                    ("global", 0, None, values(step, 4, 2))]
            if batch:
                f.put_vars(step, reqs)
            else:
                for kind, var, id_, data in reqs:
                    f.put_var(kind, var, id_, step, data)


@pytest.fixture(params=FORMATS)
def batch_file(request, tmp):
    path = str(tmp / f"batch.{request.param}.exo")
    make(path, request.param, batch=True)
    return path


def test_put_vars_equals_put_var(batch_file, tmp):
    single = str(tmp / "single.exo")
    make(single, "cdf2", batch=False)
    with exoslab.open(batch_file) as a, exoslab.open(single) as b:
        assert a.num_times == b.num_times == STEPS
        for step in range(STEPS):
            for kind, var, id_ in [("nodal", "u", 0), ("nodal", "v", 0),
                                   ("elem_block", "s", 1), ("elem_block", "t", 2),
                                   ("global", "g0", 0)]:
                x, y = a.var(kind, var, id_, step), b.var(kind, var, id_, step)
                np.testing.assert_array_equal(x, y)
            np.testing.assert_array_equal(a.nodal("u", step), values(step, 0, NN))


def test_get_vars_equals_var(batch_file):
    with exoslab.open(batch_file) as f:
        for step in (0, STEPS - 1, -1):
            reqs = [("nodal", "u", None), ("nodal", "v", None, 3, 4),
                    ("elem_block", "s", 1, 1), ("elem_block", 1, 2, 0, None),
                    ("global", "g1", None), ("nodal", "u", None, NN, 0)]
            got = f.get_vars(step, reqs)
            assert len(got) == len(reqs)
            for r, g in zip(reqs, got):
                kind, var, id_ = r[:3]
                start = r[3] if len(r) > 3 else 0
                count = r[4] if len(r) > 4 else None
                want = f.var(kind, var, id_, step, start, count)
                assert g.dtype == np.float64 and g.flags.owndata
                np.testing.assert_array_equal(g, want)
            assert got[5].shape == (0,)
        assert f.get_vars(0, []) == []


def test_get_vars_out_in_place_and_dtype(batch_file):
    with exoslab.open(batch_file) as f:
        a = np.zeros(NN)
        big = np.zeros(10, np.float32)
        view = big[2:2 + NE1]
        got = f.get_vars(1, [("nodal", "v", None), ("elem_block", "s", 1),
                             ("global", 0, None)], out=[a, view, None])
        assert got[0] is a and got[1] is view
        np.testing.assert_array_equal(a, values(1, 1, NN))
        np.testing.assert_array_equal(big[2:2 + NE1], values(1, 2, NE1))
        assert big[0] == 0 and big[2 + NE1] == 0
        assert got[2].dtype == np.float64
        np.testing.assert_array_equal(got[2], values(1, 4, 2))
        f32 = f.get_vars(2, [("nodal", "u", None)], dtype=np.float32)[0]
        assert f32.dtype == np.float32
        np.testing.assert_array_equal(f32, values(2, 0, NN).astype(np.float32))


def test_get_vars_bad_requests(batch_file):
    with exoslab.open(batch_file) as f:
        with pytest.raises(exoslab.NotFoundError):
            f.get_vars(0, [("elem_block", "s", 99)])
        with pytest.raises(exoslab.NotFoundError):
            f.get_vars(0, [("nodal", "nope", None)])
        with pytest.raises(exoslab.Error):
            f.get_vars(0, [("nodal", 7, None)])          # no variable 7
        with pytest.raises(exoslab.Error):
            f.get_vars(STEPS + 2, [("nodal", 0, None)])   # no such step
        with pytest.raises(exoslab.ArgumentError, match="outside"):
            f.get_vars(0, [("nodal", 0, None, 5, NN)])
        with pytest.raises(exoslab.ArgumentError, match="out arrays"):
            f.get_vars(0, [("nodal", 0, None)], out=[None, None])
        with pytest.raises(exoslab.ArgumentError):
            f.get_vars(0, [("nodal", 0, None)], out=[np.zeros(NN + 1)])
        with pytest.raises(exoslab.ArgumentError):
            f.get_vars(0, [("nodal", 0, None)], out=[np.zeros(NN, np.int16)])
        with pytest.raises(exoslab.ArgumentError):
            f.get_vars(0, [("nodal", 0)])
        with pytest.raises(exoslab.ArgumentError):
            f.get_vars(0, [("elem_block", "s", 1)], dtype=np.int64)
        # the file is still usable and unchanged after the failures
        np.testing.assert_array_equal(f.get_vars(0, [("nodal", "u", None)])[0],
                                      values(0, 0, NN))


def test_put_vars_bad_requests(tmp):
    path = str(tmp / "bad.exo")
    make(path, "cdf2", batch=True)
    with exoslab.open(path, "a") as f:
        with pytest.raises(exoslab.ArgumentError):
            f.put_vars(0, [("nodal", "u", None, np.zeros(NN + 1))])
        with pytest.raises(exoslab.ArgumentError):
            f.put_vars(0, [("elem_block", "s", 1, np.zeros(3), 4)])
        with pytest.raises(exoslab.NotFoundError):
            f.put_vars(0, [("elem_block", "s", 42, np.zeros(NE1))])
        with pytest.raises(exoslab.Error):
            f.put_vars(0, [("nodal", 9, None, np.zeros(NN))])
        with pytest.raises(exoslab.ArgumentError):
            f.put_vars(0, [("nodal", "u", None, np.zeros((NN, 2)))])
        with pytest.raises(exoslab.ArgumentError):
            f.put_vars(0, [("nodal", "u", None)])
        with pytest.raises(exoslab.ArgumentError):
            f.put_vars(0, [("nodal", "u", None, ["a", "b"])])
    with exoslab.open(path) as f:
        np.testing.assert_array_equal(f.nodal("u", 0), values(0, 0, NN))
        np.testing.assert_array_equal(f.element("s", 1, 0), values(0, 2, NE1))


def test_batch_on_closed_file(batch_file):
    f = exoslab.open(batch_file)
    f.close()
    with pytest.raises(ValueError):
        f.get_vars(0, [("nodal", 0, None)])
