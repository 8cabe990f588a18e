#!/usr/bin/env python3
"""Rename the library's internal identifiers from the public prefix
``exs_`` to ``exsi_<module>_``, in one mechanical, repeatable pass.

What is renamed: every ``exs_...`` identifier (function, type, struct
tag, global) that an *internal* header mentions (src/*.h, src/*/*.h,
mpi/*.h, decomp/*.h) and that no public header (include/*.h) mentions.
Public names, ``EXS_`` macros and constants, and ``static`` helpers that
never appear in an internal header are left alone.

The rule for the new name ``exsi_<module>_<rest>``, where the old name is
``exs_<rest>``:

1. <module> is the module that *defines* the identifier: for a function
   or global, the .c file holding its definition (MODULE_OF_SOURCE
   below); for a type or an inline function, the header declaring it
   (MODULE_OF_HEADER). A name defined nowhere takes its header's module.
2. If <rest> already starts with "<module>_" (exs_w_enter, exs_err_agree,
   exs_comm_rank, exs_store_netcdf_open) that prefix is not repeated:
   exsi_w_enter, exsi_err_agree, exsi_comm_rank, exsi_store_netcdf_open.
   If <rest> is the module itself (exs_err) the name is exsi_<module>.
3. Every whole-word occurrence is rewritten in the files of REWRITE (the
   code, the tests, the CI scripts, docs/architecture.md), never in
   include/ (public) or outside the repository (../shared); in Markdown
   not inside <!-- rename_internal: keep --> ... <!-- /rename_internal -->.

The map is checked before anything is written: two old names may not
meet in one new name, and no new name may exist already. The pass is
idempotent: once renamed, nothing internal carries ``exs_`` and a second
run changes nothing. ``--dry-run`` prints the map (old new module) and
writes nothing; ``--check`` exits 1 if anything is left to rename.
"""
import argparse
import glob
import os
import re
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                     "..", ".."))

PUBLIC = ["include/*.h", "include/*.h.in"]
INTERNAL = ["src/*.h", "src/*/*.h", "mpi/*.h", "decomp/*.h"]
SOURCES = ["src/*.c", "src/*/*.c", "mpi/*.c", "decomp/*.c"]
REWRITE = ["src/**/*.[ch]", "mpi/*.[ch]", "decomp/*.[ch]", "pybind/src/*.[ch]",
           "tests/**/*.[ch]", "tests/**/*.py", "tests/**/*.cmake",
           "tests/**/CMakeLists.txt", "CMakeLists.txt", "ci/*.sh",
           "docs/architecture.md", "docs/STYLE.md", "STYLE.md"]

# First match wins: (glob over the repository path, module).
MODULE_OF_SOURCE = [
    ("src/errors.c", "err"), ("src/io.c", "io"), ("src/file.c", "file"),
    ("src/scan*.c", "scan"), ("src/reader.c", "read"), ("src/util.c", "util"),
    ("src/kinds.c", "kind"), ("src/write*.c", "w"), ("src/copy*.c", "copy"),
    ("src/nemesis_vars.c", "nem"), ("src/attrs.c", "attr"),
    ("src/blocks.c", "block"), ("src/coords.c", "coord"), ("src/sets.c", "set"),
    ("src/vars.c", "var"), ("src/maps.c", "map"), ("src/inquire.c", "inq"),
    ("src/check*.c", "check"), ("src/entity_atts.c", "eatt"), ("src/assembly.c", "xm"), ("src/reduction.c", "xm"),
    ("src/frames.c", "xm"), ("src/records.c", "rec"),
    ("src/storage/*.c", "store"), ("src/parallel/*.c", "par"),
    ("src/tools/*.c", "tool"), ("mpi/*.c", "comm"),
    ("decomp/nemesis*.c", "nem"), ("decomp/dmesh*.c", "dm"), ("decomp/*.c", "decomp"),
]
MODULE_OF_HEADER = [
    ("src/internal.h", "core"), ("src/reader.h", "read"), ("src/write.h", "w"),
    ("src/copy.h", "copy"), ("src/model_x.h", "xm"), ("src/nemesis_vars.h", "nem"),
    ("src/storage/*.h", "store"), ("src/parallel/*.h", "par"), ("mpi/*.h", "comm"),
    ("decomp/nemesis.h", "nem"), ("decomp/*.h", "decomp"),
]

WORD = re.compile(r"\bexs_[A-Za-z0-9_]+\b(?!\.[ch]\b)")  # not a file name: exs_comm.h


def files(patterns):
    out = []
    for p in patterns:
        out += glob.glob(os.path.join(ROOT, p), recursive=True)
    return sorted({os.path.relpath(f, ROOT) for f in out if os.path.isfile(f)})


def module_of(path, table):
    for pat, mod in table:
        if glob.fnmatch.fnmatch(path, pat):
            return mod
    raise SystemExit(f"rename_internal: no module for {path}: add it to the table")


def read(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return f.read()


def strip_comments(text):
    """Code only: comments and string literals go (a name inside a string,
    such as the map name "exs_global_position" a file stores, is data)."""
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"//[^\n]*", " ", text)
    return re.sub(r'"(?:[^"\\\n]|\\.)*"', '""', text)


def names_in(patterns):
    out = {}
    for path in files(patterns):
        for name in WORD.findall(strip_comments(read(path))):
            out.setdefault(name, path)
    return out


def definitions():
    """name -> the .c file holding its definition (a line at column 0
    that names it before '(' / '[' / '=' and is not a declaration)."""
    defs = {}
    pat = re.compile(r"^[A-Za-z_][\w \*]*?\b(exs_\w+)\s*(\(|\[|=)")
    for path in files(SOURCES):
        for line in read(path).splitlines():
            m = pat.match(line)
            if m and not line.rstrip().endswith(";"):
                defs.setdefault(m.group(1), path)
    return defs


def new_name(old, module):
    rest = old[len("exs_"):]
    if rest == module:
        return "exsi_" + module
    if rest.startswith(module + "_"):
        rest = rest[len(module) + 1:]
    return f"exsi_{module}_{rest}"


DECL = re.compile(r"^(?:typedef\b[^;]*?\b(exs_\w+)\s*;"
                  r"|(?:struct|enum|union)\s+(exs_\w+)\s*\{"
                  r"|[A-Za-z_][\w \*]*?\b(exs_\w+)\s*\()", re.M | re.S)


def declared_in(patterns):
    """name -> the internal header that declares it (a typedef, a tagged
    definition or a prototype), so that a header merely using a type
    (decomp/nemesis.h using exs_comm) does not claim it."""
    out = {}
    for path in files(patterns):
        for m in DECL.finditer(strip_comments(read(path))):
            name = next(g for g in m.groups() if g)
            out.setdefault(name, path)
    return out


def build_map():
    public = set(names_in(PUBLIC))
    internal = names_in(INTERNAL)
    internal.update({k: v for k, v in declared_in(INTERNAL).items() if k in internal})
    defs = definitions()
    mapping = {}
    for old, header in sorted(internal.items()):
        if old in public:
            continue
        src = defs.get(old)
        module = module_of(src, MODULE_OF_SOURCE) if src else \
            module_of(header, MODULE_OF_HEADER)
        mapping[old] = (new_name(old, module), module)
    return mapping


def check_map(mapping, texts):
    seen = {}
    for old, (new, _) in mapping.items():
        if new in seen:
            raise SystemExit(f"rename_internal: {old} and {seen[new]} both become {new}")
        seen[new] = old
    existing = set()
    for path, text in texts.items():
        existing.update(re.findall(r"\bexsi_\w+\b", outside_kept(path, text)))
    clash = sorted(set(seen) & existing)
    if clash:
        raise SystemExit(f"rename_internal: already taken: {', '.join(clash)}")


KEEP = re.compile(r"<!-- rename_internal: keep -->.*?<!-- /rename_internal -->", re.S)


def outside_kept(path, text):
    """The text a rename may touch: in Markdown, not the spans marked
    <!-- rename_internal: keep --> ... <!-- /rename_internal --> (this
    rule's own examples of old and new names)."""
    return KEEP.sub(" ", text) if path.endswith(".md") else text


def rewrite(path, text, sub):
    if not path.endswith(".md"):
        return WORD.sub(sub, text)
    out, at = [], 0
    for m in KEEP.finditer(text):
        out += [WORD.sub(sub, text[at:m.start()]), m.group(0)]
        at = m.end()
    return "".join(out + [WORD.sub(sub, text[at:])])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dry-run", action="store_true", help="print the map only")
    ap.add_argument("--check", action="store_true", help="exit 1 if names are left")
    args = ap.parse_args()
    mapping = build_map()
    if args.check:
        for old, (new, _) in mapping.items():
            print(f"{old} -> {new}")
        return 1 if mapping else 0
    targets = files(REWRITE)
    texts = {p: read(p) for p in targets}
    check_map(mapping, texts)
    if args.dry_run:
        for old, (new, module) in mapping.items():
            print(f"{old} {new} {module}")
        print(f"{len(mapping)} names", file=sys.stderr)
        return 0
    sub = lambda m: mapping[m.group(0)][0] if m.group(0) in mapping else m.group(0)
    changed = 0
    for path, text in texts.items():
        new = rewrite(path, text, sub)
        if new != text:
            with open(os.path.join(ROOT, path), "w", encoding="utf-8") as f:
                f.write(new)
            changed += 1
    print(f"rename_internal: {len(mapping)} names, {changed} files", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
