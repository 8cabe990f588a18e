#!/usr/bin/env python3
"""Function sizes of the library's C code (src/, mpi/, decomp/, pybind/src/):
lines from a definition's opening brace at column 0 to its closing brace
at column 0, both included. Prints count, median, p90, max and the longest.

  func_sizes.py ROOT [--max-median M --max-p90 P]   exit 1 past a limit
"""
import os
import sys

DIRS = ("src", "mpi", "decomp", "pybind/src")


def functions(path):
    lines = open(path, encoding="utf-8", errors="replace").read().split("\n")
    start = None
    for i, line in enumerate(lines):
        if line == "{" and i > 0 and lines[i - 1].rstrip().endswith(")"):
            start = i
        elif line.startswith("}") and start is not None:
            j = start - 1  # walk back to the signature's first line
            while j > 0 and lines[j - 1].strip() and not lines[j - 1].rstrip().endswith(
                    (";", "}", "*/", "{")) and not lines[j - 1].startswith("#"):
                j -= 1
            yield lines[j].split("(")[0].split()[-1] if "(" in lines[j] else "?", i - start + 1
            start = None


def main(argv):
    root = argv[1]
    sizes = []
    for d in DIRS:
        for dp, _, names in os.walk(os.path.join(root, d)):
            for n in sorted(names):
                if n.endswith(".c"):
                    p = os.path.join(dp, n)
                    sizes += [(s, f"{os.path.relpath(p, root)}:{name}")
                              for name, s in functions(p)]
    sizes.sort()
    n = len(sizes)
    med = sizes[n // 2][0]
    p90 = sizes[int(n * 0.9)][0]
    print(f"{n} functions: median {med}, p90 {p90}, max {sizes[-1][0]} ({sizes[-1][1]})")
    lim = dict(zip(argv[2::2], argv[3::2]))
    bad = (med > int(lim.get("--max-median", 10**9)) or
           p90 > int(lim.get("--max-p90", 10**9)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
