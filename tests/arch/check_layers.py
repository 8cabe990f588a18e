#!/usr/bin/env python3
"""The layering rules of STYLE.md, checked on the library's own sources:

  * only mpi/ calls MPI_* functions;
  * only src/storage/ calls netCDF-C (nc_*) or PnetCDF (ncmpi_*) functions.

The library is src/ (its programs in src/tools/ are clients, as tests are),
mpi/, decomp/ and the extension's C code, pybind/src/. Comments and string
literals are blanked first, so a message naming nc_open is no violation.

  check_layers.py ROOT        check the tree at ROOT; exit 1 naming each
                              call outside its room
  check_layers.py --self-test plant one violation of each rule in a
                              scratch tree and require that both are found
"""
import os
import re
import sys
import tempfile

LIBRARY_DIRS = ("src", "mpi", "decomp", "pybind/src")
CLIENT_DIRS = ("src/tools",)
RULES = (
    # (what, call pattern, the one folder allowed to call it)
    ("MPI", re.compile(r"\bMPI_[A-Z][A-Za-z0-9_]*\s*\("), "mpi"),
    ("netCDF/PnetCDF", re.compile(r"\b(?:nc|ncmpi)_[a-z][a-z0-9_]*\s*\("),
     "src/storage"),
)
TOKEN = re.compile(r'//[^\n]*|/\*.*?\*/|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'',
                   re.S)


def blank(text):
    """Comments and literals replaced by spaces, newlines kept."""
    return TOKEN.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def inside(rel, folder):
    return rel == folder or rel.startswith(folder + "/")


def sources(root):
    for d in LIBRARY_DIRS:
        for dirpath, _, names in os.walk(os.path.join(root, d)):
            for n in sorted(names):
                if n.endswith((".c", ".h")):
                    rel = os.path.relpath(os.path.join(dirpath, n), root)
                    if not any(inside(rel, c) for c in CLIENT_DIRS):
                        yield rel


def violations(root):
    out = []
    for rel in sorted(set(sources(root))):
        with open(os.path.join(root, rel), encoding="utf-8", errors="replace") as fh:
            text = blank(fh.read())
        for what, pat, allowed in RULES:
            if inside(rel, allowed):
                continue
            for m in pat.finditer(text):
                line = text.count("\n", 0, m.start()) + 1
                out.append(f"{rel}:{line}: {m.group(0).rstrip('( ')} is a {what} "
                           f"call outside {allowed}/")
    return out


def self_test():
    plants = {
        "src/bad_nc.c": 'int f(int id) { /* nc_close(id) */ return nc_close(id); }\n',
        "decomp/bad_mpi.c": 'void g(void) { MPI_Barrier(MPI_COMM_WORLD); }\n',
        "src/storage/ok.c": 'int h(int id) { return nc_sync(id); }\n',
        "mpi/ok.c": 'void k(void) { MPI_Barrier(MPI_COMM_WORLD); }\n',
        "src/ok.c": 'const char *m = "nc_open( failed"; /* MPI_Send( */\n',
    }
    with tempfile.TemporaryDirectory() as root:
        for rel, text in plants.items():
            os.makedirs(os.path.dirname(os.path.join(root, rel)), exist_ok=True)
            with open(os.path.join(root, rel), "w") as fh:
                fh.write(text)
        found = violations(root)
    want = ["src/bad_nc.c:1: nc_close", "decomp/bad_mpi.c:1: MPI_Barrier"]
    got = [v.split(" is a ")[0] for v in found]
    if sorted(got) != sorted(want):
        print(f"self-test: expected {sorted(want)}, found {sorted(got)}")
        return 1
    print("self-test: both planted calls found, nothing else")
    return 0


def main(argv):
    if len(argv) == 2 and argv[1] == "--self-test":
        return self_test()
    if len(argv) != 2:
        print(__doc__)
        return 2
    found = violations(argv[1])
    for v in found:
        print(v)
    n = len(list(sources(argv[1])))
    print(f"{len(found)} call(s) outside their layer in {n} library files")
    return 1 if found or n == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
