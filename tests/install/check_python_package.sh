#!/usr/bin/env bash
# The Python package as a user installs it on Debian 12, offline:
# sdist (with the C sources) -> wheel (pip wheel --no-build-isolation
# --no-index) -> a venv with --system-site-packages (Debian's numpy) ->
# `exoslab info` run from outside the source tree.
#   check_python_package.sh SOURCE_ROOT WORKDIR [MESH]
# Serial variant (the pip build's default). MESH defaults to a generated one.
set -euo pipefail
root=$1 work=$2 mesh=${3:-}
py=/usr/bin/python3
unset PYTHONPATH
fail() { echo "check_python_package: FAIL: $*" >&2; exit 1; }
rm -rf "$work" && mkdir -p "$work/tree" "$work/dist" "$work/wheels"
# A copy of the sources, so the build writes nothing into the checkout.
for d in include src mpi decomp pybind; do cp -r "$root/$d" "$work/tree/$d"; done
cp "$root/LICENSE" "$work/tree/"
rm -rf "$work/tree/pybind/build" "$work/tree/pybind/"*.egg-info

echo "--- sdist (setuptools' PEP 517 backend)"
(cd "$work/tree" && find . -type f | sort) > "$work/tree-before.txt"
sdist=$(cd "$work/tree/pybind" && $py -c \
    'import sys; from setuptools import build_meta as b; print(b.build_sdist(sys.argv[1]))' \
    "$work/dist" | tail -1)
[ -f "$work/dist/$sdist" ] || fail "no sdist"
# Building it adds only its egg-info to the checkout (no sources copied in).
(cd "$work/tree" && find . -type f -not -path "./pybind/exoslab.egg-info/*" | sort) \
    > "$work/tree-after.txt"
diff "$work/tree-before.txt" "$work/tree-after.txt" || fail "the sdist build wrote into the source tree"
tar tzf "$work/dist/$sdist" > "$work/sdist.txt"
for f in csrc/include/exoslab.h csrc/include/exoslab_config.h.in csrc/src/file.c \
         csrc/mpi/comm_serial.c csrc/decomp/partition.c src/module.c exoslab/cli.py \
         exoslab/py.typed LICENSE pyproject.toml setup.py; do
    grep -q "/$f\$" "$work/sdist.txt" || fail "sdist lacks $f"
done
echo "$sdist: $(wc -l < "$work/sdist.txt") files, C sources included"

echo "--- wheel from the sdist, offline"
mkdir -p "$work/unpacked" && tar xzf "$work/dist/$sdist" -C "$work/unpacked"
$py -m pip wheel --no-build-isolation --no-index --no-deps -w "$work/wheels" \
    "$work/unpacked/${sdist%.tar.gz}" > "$work/wheel.log" 2>&1 \
    || { tail -30 "$work/wheel.log"; fail "pip wheel"; }
whl=$(ls "$work/wheels"/exoslab-*.whl) || fail "no wheel"
echo "$(basename "$whl")"
# What pip and type checkers read from it: the typed package with its
# extension, the metadata of pyproject.toml, the console script.
$py - "$whl" <<'PY' || fail "wheel contents"
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = z.namelist()
need = ["exoslab/py.typed", "exoslab/__init__.py", "exoslab/_file.py", "exoslab/cli.py"]
missing = [n for n in need if n not in names]
assert not missing, f"wheel lacks {missing}"
assert any(n.startswith("exoslab/_ext") and n.endswith(".so") for n in names), "no _ext*.so"
meta = z.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
for field in ("Name: exoslab", "Requires-Python: >=3.9", "License: BSD-3-Clause",
              "Requires-Dist: numpy", "Classifier: Typing :: Typed",
              "Provides-Extra: mpi"):
    assert field in meta, f"METADATA lacks {field!r}"
entry = z.read(next(n for n in names if n.endswith(".dist-info/entry_points.txt"))).decode()
assert "exoslab = exoslab.cli:main" in entry, entry
print("wheel: typed package, extension, metadata and console script ok")
PY

echo "--- venv --system-site-packages, pip install the wheel"
$py -m venv --system-site-packages "$work/venv"
"$work/venv/bin/pip" install --no-index --no-deps "$whl" > "$work/install.log" 2>&1 \
    || { cat "$work/install.log"; fail "pip install"; }

echo "--- exoslab info, outside the source tree"
cd "$work"
if [ -z "$mesh" ]; then
    "$work/venv/bin/exoslab" generate "$work/mesh.exo" --size 3 2 1 --steps 2 -q
    mesh=$work/mesh.exo
fi
out=$("$work/venv/bin/exoslab" info --json "$mesh") || fail "exoslab info"
"$work/venv/bin/python" - "$out" "$mesh" "$work/venv" <<'PY' || fail "exoslab info output"
import json, sys
import exoslab
d = json.loads(sys.argv[1])
assert exoslab.__file__.startswith(sys.argv[3]), exoslab.__file__
with exoslab.open(sys.argv[2]) as f:
    assert (d["num_nodes"], d["num_elem"]) == (f.num_nodes, f.num_elem)
print("info from", exoslab.__file__, "ok:", d["num_nodes"], "nodes", d["num_elem"], "elements")
PY
"$work/venv/bin/exoslab" --help | grep -q "convert" || fail "exoslab --help"

echo "--- the docs' own install command, as written (docs/python.md, getting-started.md)"
(cd "$work/tree" && $py -m venv --system-site-packages venv &&
 venv/bin/pip install --no-build-isolation --no-index ./pybind) > "$work/docs-install.log" 2>&1 \
    || { tail -30 "$work/docs-install.log"; fail "the documented pip install"; }
(cd "$work" && "$work/tree/venv/bin/exoslab" info "$mesh") > "$work/docs-info.txt" \
    || fail "venv/bin/exoslab info after the documented install"
grep -q "$(basename "$mesh")" "$work/docs-info.txt" || fail "exoslab info printed no file"
echo "check_python_package: all passed"
