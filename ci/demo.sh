#!/usr/bin/env bash
# The main job, from a fresh clone: install the stack, build the MPI
# variant, make a sample mesh with exoslab, and read it back on 2 ranks,
# each rank printing its chunk-aligned slab and its throughput.
#   ci/demo.sh [N]     N^3 HEX8 elements (default 60)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
n=${1:-60}

bash ci/install-deps.sh
bash ci/build.sh mpi build/mpi > build-demo.log 2>&1 || { tail -40 build-demo.log; exit 1; }
mkdir -p build/demo
for fmt in nc4 cdf5; do
  mesh=build/demo/sample-$fmt.exo
  build/mpi/exs_demo make "$mesh" "$n" "$fmt"
  build/mpi/exs_info "$mesh" | head -8
  mpiexec -n 2 --oversubscribe build/mpi/exs_demo read "$mesh"
done
