#!/usr/bin/env python3
"""Run the code blocks of the docs as written, against an installed exoslab.

    /usr/bin/python3 docs/tools/run_snippets.py --prefix PREFIX --variant serial|mpi \\
        --work DIR [--mpiexec mpiexec] README.md docs/getting-started.md ...

Every fenced block whose language is sh, c, python or cmake is run, in
order, in a scratch folder per Markdown file that holds `mesh.exo` (made
by `exoslab generate mesh.exo --size 4 --steps 3 --blocks 2`: blocks 1 and
2, nodal `temperature`, element `stress`, global `energy`). An HTML comment
on the line before a fence changes that:

    <!-- snippet: skip REASON -->        not run (the reason is required)
    <!-- snippet: file NAME -->          written to NAME; later blocks use it
    <!-- snippet: fragment TEMPLATE -->  C or Python pasted into
                                         docs/tools/templates/TEMPLATE.{c,py}
    <!-- snippet: mpi -->                only with --variant mpi (C and Python
                                         programs run under mpiexec -n 2);
                                         templates named *-par imply it
    <!-- snippet: serial -->             only with --variant serial

sh blocks run with bash -euo pipefail, PREFIX set and PREFIX/bin first on
PATH; C programs are compiled with `exoslab[-mpi]-config` and run with
`mesh.exo` as their argument; Python runs with /usr/bin/python3 and the
installed package on PYTHONPATH. Exit status 1 if any block fails.
"""
import argparse
import os
import pathlib
import re
import shutil
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
ROOT = HERE.parent.parent
FENCE = re.compile(r"^```(\w*)\s*$")
MARK = re.compile(r"^<!--\s*snippet:\s*(\w+)\s*(.*?)\s*-->\s*$")
LANGS = {"sh": "sh", "bash": "sh", "c": "c", "python": "python", "cmake": "cmake"}


def blocks(path):
    """(line number, language, directive, argument, code) of each block."""
    lines = pathlib.Path(path).read_text().splitlines()
    i, out = 0, []
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        lang, start = m.group(1), i + 1
        j = start
        while j < len(lines) and not lines[j].startswith("```"):
            j += 1
        prev = next((lines[k] for k in range(i - 1, -1, -1) if lines[k].strip()), "")
        mk = MARK.match(prev.strip())
        directive, arg = (mk.group(1), mk.group(2)) if mk else ("", "")
        out.append((start, lang, directive, arg, "\n".join(lines[start:j]) + "\n"))
        i = j + 1
    return out


class Runner:
    def __init__(self, args):
        self.a = args
        sfx = "-mpi" if args.variant == "mpi" else ""
        self.config = os.path.join(args.prefix, "bin", f"exoslab{sfx}-config")
        self.command = os.path.join(args.prefix, "bin", f"exoslab{sfx}")
        q = lambda *o: subprocess.check_output([self.config, *o], text=True).split()
        self.cflags, self.libs, self.libdir = q("--cflags"), q("--libs"), q("--libdir")[0]
        self.env = dict(os.environ, PREFIX=args.prefix,
                        PATH=os.path.join(args.prefix, "bin") + os.pathsep + os.environ["PATH"],
                        PYTHONPATH=q("--pythonpath")[0], MPLBACKEND="Agg")
        self.failed = 0

    def sh(self, cmd, cwd, **kw):
        return subprocess.run(cmd, cwd=cwd, env=self.env, capture_output=True,
                              text=True, timeout=300, **kw)

    def prog(self, argv, par):
        return [self.a.mpiexec, "-n", "2", *argv] if par else argv

    def run_c(self, code, cwd, name, par):
        src = cwd / f"{name}.c"
        src.write_text(code)
        r = self.sh(["cc", "-std=c11", "-Wall", "-Werror", *self.cflags, str(src),
                     "-o", str(cwd / name), *self.libs, f"-Wl,-rpath,{self.libdir}",
                     "-lm"], cwd)
        if r.returncode:
            return r
        return self.sh(self.prog([str(cwd / name), "mesh.exo"], par), cwd)

    def run_python(self, code, cwd, name, par):
        src = cwd / f"{name}.py"
        src.write_text(code)
        return self.sh(self.prog(["/usr/bin/python3", str(src)], par), cwd)

    def one(self, md, line, lang, directive, arg, code, cwd):
        kind = LANGS.get(lang)
        where = f"{md}:{line} ({lang or 'text'})"
        if kind is None:
            return None
        if directive == "skip":
            if not arg:
                return self.fail(where, "a skip needs a reason")
            print(f"  skip {where}: {arg}")
            return None
        if directive == "fragment" and arg.endswith("-par"):
            directive = "mpi"    # parallel templates need the MPI variant
            arg_template = arg
        else:
            arg_template = arg
        if directive in ("mpi", "serial") and directive != self.a.variant:
            print(f"  skip {where}: {directive} variant only")
            return None
        if directive == "file":
            (cwd / arg).parent.mkdir(parents=True, exist_ok=True)
            (cwd / arg).write_text(code)
            print(f"  file {where} -> {arg}")
            return None
        if kind == "cmake":
            return self.fail(where, "a cmake block must be marked 'file NAME' or 'skip'")
        name = f"snippet_{line}"
        if directive == "fragment" or (directive == "mpi" and arg_template):
            ext = {"c": ".c", "python": ".py"}[kind]
            tpl = (TEMPLATES / f"{arg_template}{ext}").read_text()
            hole = "/* SNIPPET */" if kind == "c" else "# SNIPPET"
            if kind == "c":   # indented as the body it becomes
                code = "".join("    " + l if l.strip() else l
                               for l in code.splitlines(True))
            code = tpl.replace(hole, code)
        if kind == "sh":
            r = self.sh(["bash", "-euo", "pipefail", "-c", code], cwd)
        elif kind == "c":
            r = self.run_c(code, cwd, name, directive == "mpi")
        else:
            r = self.run_python(code, cwd, name, directive == "mpi")
        if r.returncode:
            return self.fail(where, f"exit {r.returncode}\n{r.stdout[-3000:]}{r.stderr[-3000:]}")
        print(f"  ok   {where}")
        return None

    def fail(self, where, why):
        print(f"  FAIL {where}: {why}")
        self.failed += 1

    def file(self, md):
        cwd = pathlib.Path(self.a.work) / pathlib.Path(md).stem
        shutil.rmtree(cwd, ignore_errors=True)
        cwd.mkdir(parents=True)
        r = self.sh([self.command, "generate", "mesh.exo", "--size", "4", "--steps", "3",
                     "--blocks", "2", "-q"], cwd)
        if r.returncode:
            sys.exit(f"run_snippets: cannot make mesh.exo: {r.stderr}")
        print(f"{md}:")
        for b in blocks(md):
            self.one(md, *b, cwd)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--prefix", required=True)
    p.add_argument("--variant", choices=["serial", "mpi"], required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--mpiexec", default="mpiexec")
    p.add_argument("files", nargs="+")
    a = p.parse_args()
    a.prefix = os.path.abspath(a.prefix)
    r = Runner(a)
    for md in a.files:
        r.file(md)
    print(f"run_snippets: {r.failed} failed")
    return 1 if r.failed else 0


if __name__ == "__main__":
    sys.exit(main())
