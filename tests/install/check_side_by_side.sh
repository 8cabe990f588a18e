#!/usr/bin/env bash
# Both variants in ONE prefix, as a distribution installs them: the MPI
# install must not overwrite any serial file (other than the shared,
# identical CMake package files), and a downstream build of each must work.
#   check_side_by_side.sh SERIAL_BUILD MPI_BUILD PREFIX WORKDIR [MPIEXEC]
# Exit 77 (skipped) when SERIAL_BUILD is not a built serial tree.
set -euo pipefail
serial=$1 mpi=$2 prefix=$3 work=$4 mpiexec=${5:-mpiexec}
here=$(cd "$(dirname "$0")" && pwd)
if [ ! -f "$serial/CMakeCache.txt" ] || ! grep -q '^EXOSLAB_MPI:BOOL=OFF' "$serial/CMakeCache.txt" \
   || [ ! -f "$serial/libexoslab.so" ]; then
    echo "SKIP: no built serial tree at $serial (ci/test.sh builds build/serial before build/mpi)"
    exit 77
fi
rm -rf "$prefix" "$work" && mkdir -p "$work"
cmake --install "$serial" --prefix "$prefix" > "$work/install-serial.log"
(cd "$prefix" && find . -type f -print0 | sort -z | xargs -0 sha256sum) > "$work/serial.sum"
cmake --install "$mpi" --prefix "$prefix" > "$work/install-mpi.log"
# Files the serial install put there and the MPI install changed:
changed=$(cd "$prefix" && sha256sum --quiet -c "$work/serial.sum" 2>/dev/null | cut -d: -f1 || true)
allowed='^\./lib[^/]*/cmake/exoslab/exoslab-config(-version)?\.cmake$'
bad=$(printf '%s\n' "$changed" | grep -Ev "$allowed" | grep . || true)
if [ -n "$bad" ]; then
    echo "FAIL: the MPI install overwrote serial files:" >&2
    echo "$bad" >&2
    exit 1
fi
for f in libexoslab.so.0 libexoslab_mpi.so.0; do
    ls "$prefix"/lib*/"$f" > /dev/null || { echo "FAIL: $f not installed" >&2; exit 1; }
done
soname() { readelf -d "$1" | sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p'; }
[ "$(soname "$prefix"/lib*/libexoslab.so)" = libexoslab.so.0 ] || { echo "FAIL: serial SONAME" >&2; exit 1; }
[ "$(soname "$prefix"/lib*/libexoslab_mpi.so)" = libexoslab_mpi.so.0 ] || { echo "FAIL: MPI SONAME" >&2; exit 1; }
echo "side by side: $(cd "$prefix" && find . -type f | wc -l) files, none overwritten"
"$here/check_downstream.sh" "$prefix" serial "$work/serial" "$mpiexec"
"$here/check_downstream.sh" "$prefix" mpi "$work/mpi" "$mpiexec"
# With no component the package picks the serial variant.
cmake -S "$here/downstream" -B "$work/default" -DCMAKE_PREFIX_PATH="$prefix" > "$work/default.log" 2>&1 \
    || { cat "$work/default.log"; exit 1; }
grep -q "variant serial" "$work/default.log" || { echo "FAIL: default variant is not serial" >&2; exit 1; }
echo "check_side_by_side: all passed"
