"""The exoslab command line: ``python3 -m exoslab info FILE...``.

``info`` prints what a file holds: format, counts, blocks with their
element types, sets, maps, variables and time steps. ``--json`` prints the
same as JSON. Exit status: 0, or 1 if a file could not be read.
"""
import argparse
import json
import sys

from . import _ext
from ._file import open as _open
from ._kinds import BLOCK_KINDS, MAP_KINDS, SET_KINDS, VAR_KINDS, Kind


def _kind_label(kind):
    return kind.name.lower()


_VAR_LABELS = {"elem_block": "element", "edge_block": "edge", "face_block": "face"}


def describe(f):
    """A JSON-able dict of what file f holds."""
    d = {
        "path": f.path, "format": f.format, "title": f.title,
        "num_dim": f.num_dim, "num_nodes": f.num_nodes, "num_elem": f.num_elem,
        "num_edge": f.num_edge, "num_face": f.num_face,
        "int64": f.int64, "float_size": f.float_size, "name_len": f.name_len,
        "compressed": f.compressed, "nemesis": f.nemesis,
        "num_qa": len(f.qa_records), "num_info": len(f.info_records),
    }
    for kind in BLOCK_KINDS:
        d[_kind_label(kind) + "s"] = [
            {"id": b.id, "name": b.name, "type": b.type, "topology": b.topology,
             "entries": b.num_entries, "nodes_per_entry": b.nodes_per_entry,
             "faces_per_entry": b.faces_per_entry,
             "attributes": b.num_attr} for b in f.entities(kind).infos]
    for kind in SET_KINDS + MAP_KINDS:
        d[_kind_label(kind) + "s"] = [
            {"id": s.id, "name": s.name, "entries": s.num_entries,
             "dist_factors": s.num_df} for s in f.entities(kind).infos]
    d["variables"] = {_kind_label(k): f.var_names(k) for k in VAR_KINDS}
    times = f.times
    d["num_steps"] = int(times.size)
    d["times"] = [float(times[0]), float(times[-1])] if times.size else []
    return d


def _print_entities(out, title, items, fmt):
    if not items:
        return
    print(f"{title} ({len(items)}):", file=out)
    for it in items:
        print("  " + fmt(it), file=out)


def _block_line(b):
    name = f" '{b['name']}'" if b["name"] else ""
    if b["topology"] == "NSIDED":
        size = f"{b['entries']} entries, {b['nodes_per_entry']} nodes in all"
    elif b["topology"] == "NFACED":
        size = f"{b['entries']} entries, {b['faces_per_entry']} faces in all"
    else:
        size = f"{b['entries']} entries x {b['nodes_per_entry']} nodes"
    return (f"id {b['id']}{name}: {b['type'] or '-'} ({b['topology']}), {size}"
            + (f", {b['attributes']} attributes" if b["attributes"] else ""))


def _set_line(s):
    name = f" '{s['name']}'" if s["name"] else ""
    df = f", {s['dist_factors']} dist factors" if s["dist_factors"] else ""
    return f"id {s['id']}{name}: {s['entries']} entries{df}"


def print_info(d, out):
    print(f"{d['path']}", file=out)
    print(f"  format {d['format']}, {'int64' if d['int64'] else 'int32'} ids, "
          f"{d['float_size'] * 8}-bit reals"
          + (", compressed" if d["compressed"] else "")
          + (", Nemesis" if d["nemesis"] else ""), file=out)
    print(f"  title: {d['title']!r}", file=out)
    print(f"  {d['num_dim']}-D, {d['num_nodes']} nodes, {d['num_elem']} elements"
          + (f", {d['num_edge']} edges" if d["num_edge"] else "")
          + (f", {d['num_face']} faces" if d["num_face"] else ""), file=out)
    for kind in BLOCK_KINDS:
        key = _kind_label(kind) + "s"
        _print_entities(out, key.replace("_", " "), d[key], _block_line)
    for kind in SET_KINDS + MAP_KINDS:
        key = _kind_label(kind) + "s"
        _print_entities(out, key.replace("_", " "), d[key], _set_line)
    for kind, names in d["variables"].items():
        if names:
            label = _VAR_LABELS.get(kind, kind.replace("_", " "))
            print(f"{label} variables ({len(names)}): {', '.join(names)}", file=out)
    steps = d["num_steps"]
    if steps:
        print(f"time steps: {steps}, t = {d['times'][0]:g} .. {d['times'][1]:g}",
              file=out)
    else:
        print("time steps: 0", file=out)
    print(f"QA records: {d['num_qa']}, info records: {d['num_info']}", file=out)


def _info(args, out, err):
    status = 0
    for path in args.files:
        try:
            with _open(path) as f:
                d = describe(f)
        except (_ext.Error, OSError) as e:
            print(f"exoslab info: {e}", file=err)
            status = 1
            continue
        if args.json:
            json.dump(d, out, indent=2)
            print(file=out)
        else:
            print_info(d, out)
    return status


def main(argv=None, out=None, err=None):
    out = out or sys.stdout
    err = err or sys.stderr
    p = argparse.ArgumentParser(prog="python3 -m exoslab",
                                description="Exodus II files with exoslab")
    sub = p.add_subparsers(dest="command", required=True)
    pi = sub.add_parser("info", help="print what a file holds")
    pi.add_argument("files", nargs="+", metavar="FILE")
    pi.add_argument("--json", action="store_true", help="print JSON")
    sub.add_parser("version", help="print the library version")
    args = p.parse_args(argv)
    if args.command == "version":
        print(_ext.LIB_VERSION, file=out)
        return 0
    if hasattr(out, "reconfigure"):
        # Names from old files may hold bytes that are not UTF-8.
        out.reconfigure(errors="backslashreplace")
    return _info(args, out, err)
