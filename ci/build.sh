#!/usr/bin/env bash
# Configure and build one variant.
#   ci/build.sh serial|mpi|asan|mpi-asan [BUILD_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
variant=${1:?usage: ci/build.sh serial|mpi|asan|mpi-asan [BUILD_DIR]}
dir=${2:-$here/build/$variant}
jobs=$(nproc 2>/dev/null || echo 2)

args=(-DPython3_EXECUTABLE=/usr/bin/python3 -DCMAKE_BUILD_TYPE=RelWithDebInfo)
case "$variant" in
  serial) args+=(-DEXOSLAB_MPI=OFF) ;;
  mpi)    args+=(-DEXOSLAB_MPI=ON) ;;
  asan)   args+=(-DEXOSLAB_MPI=OFF -DEXOSLAB_SANITIZE=ON -DEXOSLAB_PYTHON=OFF
                 -DCMAKE_BUILD_TYPE=Debug) ;;
  # ASan + UBSan over the MPI build, the whole C MPI suite at 1-4 ranks.
  # Python is off: the extension would run inside /usr/bin/python3, which
  # is not instrumented (libasan would have to be LD_PRELOADed) and whose
  # numpy/mpi4py allocations LeakSanitizer would report as ours; the
  # Python layer's C code is covered by the serial ASan-free pytest runs
  # and valgrind, the library under it by this build.
  mpi-asan) args+=(-DEXOSLAB_MPI=ON -DEXOSLAB_SANITIZE=ON -DEXOSLAB_PYTHON=OFF
                   -DCMAKE_BUILD_TYPE=Debug) ;;
  *) echo "unknown variant $variant" >&2; exit 2 ;;
esac
if [ -d "$here/../shared/corpus" ]; then
  args+=(-DEXOSLAB_CORPUS="$(cd "$here/../shared/corpus" && pwd)")
fi
cmake -S "$here" -B "$dir" "${args[@]}"
cmake --build "$dir" -j"$jobs"
