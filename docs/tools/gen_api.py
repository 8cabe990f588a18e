#!/usr/bin/env python3
"""Write docs/api.md from the public headers: every EXS_API declaration and
every public type (typedef) with the comment above it, grouped under the
headers' section banners, the error codes as a table, and the macros of the
installed exoslab_config.h.

    /usr/bin/python3 docs/tools/gen_api.py            rewrite docs/api.md
    /usr/bin/python3 docs/tools/gen_api.py --check    exit 1 if it is stale
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HEADERS = ["include/exoslab.h", "include/exoslab_par.h"]
OUT = os.path.join(ROOT, "docs", "api.md")

BANNER = re.compile(r"^/\* -{10,} \*/$")
COMMENT = re.compile(r"/\*(.*?)\*/", re.S)


def clean_comment(text):
    lines = [l.strip().lstrip("*").strip() for l in text.strip().splitlines()]
    return " ".join(l for l in lines if l)


TYPEDEF_END = re.compile(r"^\}\s*(\w+)\s*;")
ERROR_ROW = re.compile(r'X\((EXS_\w+),\s*(-?\d+),\s*"([^"]*)"\)')
TYPEDEF_NAME = re.compile(r"\btypedef\b[^;{]*?(?:\{[^}]*\})?\s*(\w+)\s*;", re.S)


def typedef(src, i):
    """(verbatim lines, index of the last line) of the typedef at line i."""
    lines = [src[i]]
    if src[i].rstrip().endswith(";") or "*/" in src[i] and ";" in src[i]:
        return lines, i
    while i + 1 < len(src):
        i += 1
        lines.append(src[i])
        if TYPEDEF_END.match(src[i].strip()):
            break
    return lines, i


def entries(path):
    """(section, declaration, comment, follows, is_type) for each EXS_API
    declaration and typedef; follows is True when a declaration comes right
    after another one (a group sharing one comment)."""
    src = open(os.path.join(ROOT, path)).read().splitlines()
    section, comment, i, last_decl_end = "", "", 0, -2
    while i < len(src):
        line = src[i]
        if BANNER.match(line.strip()) and i + 1 < len(src):
            m = COMMENT.search(src[i + 1])
            section = clean_comment(m.group(1)) if m else section
            comment = ""
            i += 2
            continue
        if line.lstrip().startswith("/*"):
            block = [line]
            while "*/" not in block[-1] and i + 1 < len(src):
                i += 1
                block.append(src[i])
            m = COMMENT.search("\n".join(block))
            comment = clean_comment(m.group(1)) if m else ""
        elif line.startswith("typedef"):
            lines, i = typedef(src, i)
            yield section, "\n".join(lines), comment, False, True
            comment, last_decl_end = "", -2
        elif line.startswith("EXS_API"):
            follows = last_decl_end == i - 1
            decl = [line]
            while not decl[-1].rstrip().endswith(";") and i + 1 < len(src):
                i += 1
                decl.append(src[i].strip())
            text = " ".join(d.strip() for d in decl).replace("EXS_API ", "")
            yield section, re.sub(r"\s+", " ", text), comment, follows, False
            comment, last_decl_end = "", i
        elif line.strip() and not line.startswith("#"):
            comment = comment if line.strip().startswith("*") else ""
        i += 1


def render_group(group):
    if not group:
        return []
    decls, comment = group
    return ["```c"] + decls + ["```", ""] + ([comment, ""] if comment else [])


def error_table():
    text = open(os.path.join(ROOT, "include", "exoslab.h")).read()
    rows = ERROR_ROW.findall(text)
    out = ["## Error codes", "",
           "`EXS_ERROR_TABLE` in `exoslab.h`; `exs_errname(code)` gives the name and",
           "`exs_strerror(code)` the meaning.", "",
           "| code | value | meaning |", "| --- | --- | --- |"]
    out += ["| `%s` | %s | %s |" % r for r in rows]
    return out + [""], [r[0] for r in rows]


def config_macros():
    src = open(os.path.join(ROOT, "include", "exoslab_config.h.in")).read()
    out = ["## `exoslab_config.h`", "",
           "Generated at build time and installed with the headers; `exoslab.h`",
           "includes it.", ""]
    for m in re.finditer(r"/\*((?:(?!\*/).)*)\*/\s*\n#define (EXOSLAB_\w+) @\w+@", src,
                         re.S):
        out += ["```c", "#define %s 0 or 1" % m.group(2), "```", "",
                clean_comment(m.group(1)), ""]
    return out


def render():
    out = ["# exoslab API reference", "",
           "Generated from the public headers by `docs/tools/gen_api.py`; the headers",
           "are the source of truth. Every function returns 0 or a negative `EXS_E*`",
           "code unless its declaration says otherwise.", ""]
    for path in HEADERS:
        out += ["## `%s`" % os.path.basename(path), ""]
        last = None
        group = []
        for section, decl, comment, follows, is_type in entries(path):
            if is_type:
                out += render_group(group)
                group = []
                if section != last and section:
                    out += ["### %s" % section.rstrip("."), ""]
                    last = section
                out += ["```c", decl, "```", ""] + ([comment, ""] if comment else [])
                continue
            if follows and group:
                group[0].append(decl)
                continue
            out += render_group(group)
            if section != last and section:
                out += ["### %s" % section.rstrip("."), ""]
                last = section
            group = [[decl], comment]
        out += render_group(group)
    table, _ = error_table()
    out += table + config_macros()
    return "\n".join(out).rstrip() + "\n"


def missing(text):
    """Public types and error codes of the headers that text does not show."""
    names = []
    for path in HEADERS:
        names += TYPEDEF_NAME.findall(open(os.path.join(ROOT, path)).read())
    names += error_table()[1]
    return [n for n in names if n not in text]


def main():
    text = render()
    lost = missing(text)
    if lost:
        print("gen_api: these public names would be missing from docs/api.md: "
              + ", ".join(lost))
        return 1
    if "--check" in sys.argv:
        current = open(OUT).read() if os.path.exists(OUT) else ""
        if current != text:
            print("docs/api.md is stale: run /usr/bin/python3 docs/tools/gen_api.py")
            return 1
        print("docs/api.md is current")
        return 0
    with open(OUT, "w") as f:
        f.write(text)
    print("wrote docs/api.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
