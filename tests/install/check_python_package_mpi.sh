#!/usr/bin/env bash
# The MPI variant of the pip install, as docs/python.md writes it:
#   EXOSLAB_MPI=1 venv/bin/pip install --no-build-isolation --no-index ./pybind
# into a venv with --system-site-packages (Debian's numpy and mpi4py), then
# the console script under mpiexec: a collective convert, diffed equal.
#   check_python_package_mpi.sh SOURCE_ROOT WORKDIR MPIEXEC
set -euo pipefail
root=$1 work=$2 mpiexec=$3
py=/usr/bin/python3
unset PYTHONPATH
fail() { echo "check_python_package_mpi: FAIL: $*" >&2; exit 1; }
rm -rf "$work" && mkdir -p "$work/tree"
for d in include src mpi decomp pybind; do cp -r "$root/$d" "$work/tree/$d"; done
cp "$root/LICENSE" "$work/tree/"
rm -rf "$work/tree/pybind/build" "$work/tree/pybind/"*.egg-info

echo "--- venv --system-site-packages, EXOSLAB_MPI=1 pip install ./pybind"
(cd "$work/tree" && $py -m venv --system-site-packages venv &&
 EXOSLAB_MPI=1 venv/bin/pip install --no-build-isolation --no-index ./pybind) \
    > "$work/install.log" 2>&1 || { tail -30 "$work/install.log"; fail "pip install (MPI)"; }
cmd=$work/tree/venv/bin/exoslab
cd "$work"
"$cmd" version | grep -q "(mpi)\$" || fail "exoslab version is not the MPI variant: $("$cmd" version)"

echo "--- mpiexec -n 2 exoslab convert, then diff"
"$cmd" generate mesh.exo --size 4 3 2 --steps 2 --blocks 2 -q > /dev/null
"$mpiexec" -n 2 "$cmd" convert mesh.exo par.exo --format nc4 > convert.txt 2>&1 \
    || { cat convert.txt; fail "collective convert"; }
grep -q "2 ranks, collective" convert.txt || { cat convert.txt; fail "convert was not collective"; }
"$cmd" diff mesh.exo par.exo > diff.txt || { cat diff.txt; fail "diff after the parallel convert"; }
grep -q "files are equal" diff.txt || fail "diff did not say equal"
echo "check_python_package_mpi: all passed"
