"""Fixtures and helpers of the exomerge tests: the reference exomerge3 as an
oracle (imported from ../shared/reference/exomerge3 the way its env.sh sets
it up; tests skip -- not fail -- when python3-vtk9's libexodus is absent),
running the same calls on both implementations, and snapshots of a model
through exomerge's public API for comparison.
"""
import contextlib
import glob
import importlib
import io
import os
import pathlib
import re
import sys
import tempfile
import warnings

import numpy as np
import pytest

import exoslab.exomerge as ours

HERE = pathlib.Path(__file__).resolve().parent
REF_DIR = pathlib.Path(os.environ.get(
    "EXOMERGE_REF_DIR", HERE.parents[2] / "shared" / "reference" / "exomerge3"))
_ref = []


def reference():
    """The reference exomerge3 module, or None (python3-vtk9 absent)."""
    if _ref:
        return _ref[0]
    mod = None
    libs = glob.glob("/usr/lib/*/libvtkexodusII-9.1.so.1")
    if libs and (REF_DIR / "exomerge3.py").exists():
        access = tempfile.mkdtemp(prefix="exomerge-ref-")
        os.makedirs(os.path.join(access, "lib"))
        os.symlink(libs[0], os.path.join(access, "lib", "libexodus.so"))
        os.environ.setdefault("ACCESS", access)
        sys.path.insert(0, str(REF_DIR))
        with contextlib.redirect_stdout(io.StringIO()):
            mod = importlib.import_module("exomerge3")
        mod.SHOW_BANNER = False
    _ref.append(mod)
    return mod


def require_reference():
    mod = reference()
    if mod is None:
        pytest.skip("reference exomerge3 needs python3-vtk9 "
                    "(libvtkexodusII-9.1.so.1); oracle comparison skipped")
    return mod


@pytest.fixture
def ref():
    return require_reference()


_WARN = re.compile(r"^\*  WARNING: (.*?)\s*\*$", re.M)


def run(mod, fn):
    """fn(mod) with stdout captured: (result or the SystemExit raised,
    list of WARNING short texts printed)."""
    out = io.StringIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with contextlib.redirect_stdout(out):
            try:
                result = fn(mod)
            except SystemExit as e:
                result = e
    return result, _WARN.findall(out.getvalue())


def both(fn):
    """Run fn on exoslab.exomerge and on exomerge3 (skips without it)."""
    r = require_reference()
    return run(ours, fn), run(r, fn)


def plain(x):
    """A comparable plain structure (lists of floats/ints/str)."""
    if isinstance(x, bytes):
        return x.decode()
    if isinstance(x, np.ndarray):
        return plain(x.tolist())
    if isinstance(x, np.generic):
        return x.item()
    if isinstance(x, (list, tuple)):
        return [plain(v) for v in x]
    if isinstance(x, dict):
        return {plain(k): plain(v) for k, v in x.items()}
    return x


def same(a, b):
    """Equal, with NaN == NaN."""
    a, b = plain(a), plain(b)
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (a != a and b != b)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return a == b


def _text(r):
    if isinstance(r, bytes):
        r = r.decode("utf-8", "surrogateescape")
    return r.encode("utf-8", "surrogateescape").decode("utf-8", "ignore")


def snapshot(m, steps=True):
    """Everything exomerge's query API says about a model (the same calls
    on either implementation)."""
    s = {"blocks": m.get_element_block_ids(),
         "node_sets": m.get_node_set_ids(), "side_sets": m.get_side_set_ids(),
         "times": m.get_timesteps(),
         "node_fields": m.get_node_field_names(),
         "element_fields": m.get_element_field_names(),
         "globals": m.get_global_variable_names(),
         "ns_fields": m.get_node_set_field_names(),
         "ss_fields": m.get_side_set_field_names(),
         "block_names": m.get_all_element_block_names(),
         "ns_names": m.get_all_node_set_names(),
         "ss_names": m.get_all_side_set_names(),
         "elements": m.get_element_count(),
         # exomerge3 drops bytes that are not UTF-8 (an 81st byte in one
         # corpus file); exoslab keeps them (surrogate escapes)
         "title": m.title, "info": [_text(r) for r in m.info_records],
         "qa": [list(plain(r)) for r in m.qa_records]}
    for b in s["blocks"]:
        s[f"b{b}"] = [m.get_element_block_name(b), m.get_nodes_per_element(b),
                      m.get_element_count(b), plain(m.get_connectivity(b)),
                      m.get_element_field_names(b)]
        if steps:
            for name in m.get_element_field_names(b):
                s[f"b{b}:{name}"] = [plain(m.get_element_field_values(name, b, t))
                                     for t in s["times"]]
    for i in s["node_sets"]:
        s[f"ns{i}"] = [m.get_node_set_name(i), plain(m.get_node_set_members(i)),
                       m.get_node_set_field_names(i)]
        if steps:
            for name in m.get_node_set_field_names(i):
                s[f"ns{i}:{name}"] = [
                    plain(m.get_node_set_field_values(name, i, t))
                    for t in s["times"]]
    for i in s["side_sets"]:
        s[f"ss{i}"] = [m.get_side_set_name(i),
                       [list(x) for x in plain(m.get_side_set_members(i))],
                       m.get_side_set_field_names(i)]
        if steps:
            for name in m.get_side_set_field_names(i):
                s[f"ss{i}:{name}"] = [
                    plain(m.get_side_set_field_values(name, i, t))
                    for t in s["times"]]
    if steps:
        for name in s["node_fields"]:
            s[f"n:{name}"] = [plain(m.get_node_field_values(name, t))
                              for t in s["times"]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        s["nodes"] = [list(plain(x)) for x in m.nodes]
        s["global_values"] = {k: plain(v) for k, v in
                              m.global_variables.items()}
    return s


def diff(a, b):
    """Keys where two snapshots differ (empty when equal)."""
    keys = sorted(set(a) | set(b))
    return [k for k in keys if k not in a or k not in b or not same(a[k], b[k])]


def _keys(names):
    """Variable names as keys; a repeated name gets '#k'."""
    seen, out = {}, []
    for n in names:
        k = seen.get(n, 0)
        out.append(n if k == 0 else f"{n}#{k}")
        seen[n] = k + 1
    return out


def file_dump(path):
    """A file's contents through exoslab's reader, for comparing exported
    files value by value (QA records without their date and time)."""
    import exoslab
    out = {}
    with exoslab.open(path) as f:
        out["title"] = f.title
        out["dim"] = f.num_dim
        out["coords"] = f.coords().tolist() if f.num_nodes and f.num_dim else []
        out["times"] = f.times.tolist()
        out["info"] = list(f.info_records)
        out["qa"] = [list(r[:2]) for r in f.qa_records]
        for kind in ("nodal", "global", "elem_block", "node_set", "side_set"):
            # exomerge writes variables in its sorted order: compared as sets
            out[f"vars:{kind}"] = sorted(f.var_names(kind))
        for bid, b in f.blocks.items():
            out[f"b{bid}"] = [b.name, b.type.lower(), b.num_entries,
                              b.nodes_per_entry,
                              f.connectivity(bid).tolist() if b.num_entries
                              else []]
        for sid, s in f.node_sets.items():
            out[f"ns{sid}"] = [s.name, f.node_set(sid).tolist()
                               if s.num_entries else []]
        for sid, s in f.side_sets.items():
            out[f"ss{sid}"] = [s.name, [x.tolist() for x in f.side_set(sid)]
                               if s.num_entries else []]
        names = {k: _keys(f.var_names(k)) for k in
                 ("nodal", "global", "elem_block", "node_set", "side_set")}
        for step in range(f.num_times):
            for i, name in enumerate(names["nodal"]):
                out[f"n{step}:{name}"] = f.nodal(i, step).tolist()
            if names["global"]:
                out[f"g{step}"] = dict(zip(names["global"],
                                           f.global_vars(step).tolist()))
            for kind, ents in (("elem_block", f.blocks),
                               ("node_set", f.node_sets),
                               ("side_set", f.side_sets)):
                if not names[kind]:
                    continue
                tt = f.truth_table(kind)
                for r, (eid, e) in enumerate(ents.items()):
                    for i, name in enumerate(names[kind]):
                        if tt[r, i] and e.num_entries:
                            out[f"{kind}{step}:{eid}:{name}"] = \
                                f.var(kind, i, eid, step).tolist()
    return out
