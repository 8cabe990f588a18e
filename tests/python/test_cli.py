"""/usr/bin/python3 -m exoslab info FILE: what a file holds, as text and JSON."""
import json
import os
import subprocess
import sys

import pytest

import exoslab
from conftest import corpus_file, corpus_files


def run(*args):
    return subprocess.run([sys.executable, "-m", "exoslab", *map(str, args)],
                          capture_output=True, text=True, env=os.environ.copy())


def test_info_text():
    r = run("info", corpus_file("seacas__test-gap.g.et"))
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "format cdf1" in out
    assert "3-D, 26 nodes, 5 elements" in out
    assert "elem blocks (5):" in out and "id 12: hex (HEX), 1 entries x 8 nodes" in out
    assert "node sets (9):" in out and "side sets (5):" in out
    assert "nodal variables (2): nod_var0, nod_var1" in out
    assert "time steps: 10" in out


def test_info_json_matches_file():
    path = corpus_file("libmesh__mesh_with_low_order_edge_blocks.e")
    r = run("info", "--json", path)
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    with exoslab.open(path) as f:
        assert d["num_nodes"] == f.num_nodes and d["num_elem"] == f.num_elem
        assert [b["id"] for b in d["elem_blocks"]] == list(f.blocks)
        assert len(d["edge_blocks"]) == len(f.edge_blocks) == 24
        assert d["num_steps"] == f.num_times


def test_info_every_corpus_file():
    files = corpus_files()
    r = run("info", *files)
    assert r.returncode == 0, r.stderr
    assert r.stdout.count("time steps:") == len(files)


def test_info_bad_file(tmp):
    bad = tmp / "bad.exo"
    bad.write_text("not a mesh")
    r = run("info", bad)
    assert r.returncode == 1
    assert "EXS_ENOTNC" in r.stderr


def test_version():
    r = run("version")
    assert r.returncode == 0 and r.stdout.startswith(exoslab.__version__)
