#!/usr/bin/env python3
"""The writer's files call one another without a circle (issue 11):

  an edge a -> b when a file src/write*.c calls a function another one
  defines (not static); a circle (a strongly connected set of two or more
  files) fails. Comments and string literals are blanked first, so a
  comment naming exsi_w_enter( is no call.

  call_graph.py ROOT          print the edges of the tree at ROOT; exit 1
                              naming the files of each circle
  call_graph.py --self-test   plant a circle of two files beside a file
                              that only calls down, and require that
                              exactly the circle is found
"""
import glob
import os
import re
import sys
import tempfile

PATTERN = "src/write*.c"
TOKEN = re.compile(r'//[^\n]*|/\*.*?\*/|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'',
                   re.S)
# A definition: at the start of a line, a type, the name, "(", and no ";"
# ending the line (that would be a declaration or a call statement).
DEFINITION = re.compile(r"^(?!static\b)(?!return\b)[A-Za-z_][\w \t*]*?\b([A-Za-z_]\w*)"
                        r"\s*\([^;{]*$", re.M)


def blank(text):
    """Comments and literals replaced by spaces, newlines kept."""
    return TOKEN.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def read_sources(root):
    out = {}
    for path in sorted(glob.glob(os.path.join(root, PATTERN))):
        with open(path, encoding="utf-8", errors="replace") as fh:
            out[os.path.basename(path)] = blank(fh.read())
    return out


def edges(sources):
    owner = {}
    for name, text in sources.items():
        for m in DEFINITION.finditer(text):
            owner.setdefault(m.group(1), name)
    out = {}
    for name, text in sources.items():
        for fn, where in owner.items():
            if where != name and re.search(r"\b" + re.escape(fn) + r"\s*\(", text):
                out.setdefault(name, {}).setdefault(where, []).append(fn)
    return out


def circles(graph):
    """Strongly connected sets of two or more files (Tarjan)."""
    nodes = sorted(set(graph) | {b for a in graph.values() for b in a})
    index, low, stack, on, found = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in nodes:
        if v not in index:
            visit(v)
    return found


def self_test():
    plants = {
        "write_a.c": "int exsi_w_a(void)\n{\n    return exsi_w_b() + exsi_w_c();\n}\n",
        "write_b.c": "int exsi_w_b(void)\n{\n    return exsi_w_a();\n}\n",
        "write_c.c": ("/* exsi_w_a( in a comment is no call */\n"
                      "static int helper(void) { return 1; }\n"
                      "int exsi_w_c(void)\n{\n    return helper();\n}\n"),
        "write_d.c": "int exsi_w_d(void)\n{\n    return exsi_w_c();\n}\n",
    }
    with tempfile.TemporaryDirectory() as root:
        os.makedirs(os.path.join(root, "src"))
        for rel, text in plants.items():
            with open(os.path.join(root, "src", rel), "w") as fh:
                fh.write(text)
        got = circles(edges(read_sources(root)))
    want = [["write_a.c", "write_b.c"]]
    if got != want:
        print(f"self-test: expected circles {want}, found {got}")
        return 1
    print("self-test: the planted circle found, nothing else")
    return 0


def main(argv):
    if len(argv) == 2 and argv[1] == "--self-test":
        return self_test()
    if len(argv) != 2:
        print(__doc__)
        return 2
    sources = read_sources(argv[1])
    graph = edges(sources)
    for a in sorted(graph):
        for b in sorted(graph[a]):
            print(f"{a} -> {b}: {', '.join(sorted(graph[a][b]))}")
    found = circles(graph)
    for c in found:
        print("circle: " + " <-> ".join(c))
    print(f"{len(found)} circle(s) among {len(sources)} files {PATTERN}")
    return 1 if found or len(sources) < 2 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
