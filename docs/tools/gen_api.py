#!/usr/bin/env python3
"""Write docs/api.md from the public headers: every EXS_API declaration with
the comment above it, grouped under the headers' section banners.

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


def entries(path):
    """(section, declaration, comment, follows) for each EXS_API declaration;
    follows is True when it comes right after another declaration (a group
    sharing one comment)."""
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
        elif line.startswith("EXS_API"):
            follows = last_decl_end == i - 1
            decl = [line]
            while not decl[-1].rstrip().endswith(";") and i + 1 < len(src):
                i += 1
                decl.append(src[i].strip())
            text = " ".join(d.strip() for d in decl).replace("EXS_API ", "")
            yield section, re.sub(r"\s+", " ", text), comment, follows
            comment, last_decl_end = "", i
        elif line.strip() and not line.startswith("#"):
            comment = comment if line.strip().startswith("*") else ""
        i += 1


def render_group(group):
    if not group:
        return []
    decls, comment = group
    return ["```c"] + decls + ["```", ""] + ([comment, ""] if comment else [])


def render():
    out = ["# exoslab API reference", "",
           "Generated from the public headers by `docs/tools/gen_api.py`; the headers",
           "are the source of truth. Every function returns 0 or a negative `EXS_E*`",
           "code unless its declaration says otherwise.", ""]
    for path in HEADERS:
        out += ["## `%s`" % os.path.basename(path), ""]
        last = None
        group = []
        for section, decl, comment, follows in entries(path):
            if follows and group:
                group[0].append(decl)
                continue
            out += render_group(group)
            if section != last and section:
                out += ["### %s" % section.rstrip("."), ""]
                last = section
            group = [[decl], comment]
        out += render_group(group)
    return "\n".join(out).rstrip() + "\n"


def main():
    text = render()
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
