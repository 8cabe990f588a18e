"""The library's message reaches Python as it is composed in C,
"path: [context: ]detail (EXS_CODE)", on a plain open and on a create
(the _err constructors), and the parallel forms read the same with
"rank R: " in front (tests/python/test_mpi.py: comm=)."""
import os

import pytest

import exoslab
from conftest import corpus_file


def test_create_refused_says_why(tmp_path):
    path = str(tmp_path / "exists.exo")
    with open(path, "wb") as out:
        out.write(b"not yet an exodus file")
    with pytest.raises(exoslab.Error) as e:
        exoslab.create(path, clobber=False)
    assert str(e.value) == (f"{path}: the file exists and clobber was not asked "
                            "for (EXS_EEXIST)")
    with open(path, "rb") as back:
        assert back.read() == b"not yet an exodus file"


def test_open_missing_names_path_and_code(tmp_path):
    path = str(tmp_path / "missing.exo")
    with pytest.raises(exoslab.FileError) as e:
        exoslab.open(path)
    msg = str(e.value)
    assert msg.startswith(path + ": ") and msg.endswith(" (EXS_ENOFILE)")
    assert "rank" not in msg
    # the same failure twice reads the same: nothing is appended or kept
    with pytest.raises(exoslab.FileError) as again:
        exoslab.open(path)
    assert str(again.value) == msg


def test_failure_then_success_on_one_handle():
    path = corpus_file("libmesh__read_exodus_HEX20.e")
    with exoslab.open(path) as f:
        with pytest.raises(exoslab.Error) as e:
            f.coord(0, start=f.num_nodes + 1, count=1)
        assert str(e.value).endswith(")")
        first = f.coord(0, start=0, count=2)
        assert first.shape == (2,)
        with pytest.raises(exoslab.Error) as again:
            f.coord(0, start=f.num_nodes + 1, count=1)
        assert str(again.value) == str(e.value)
