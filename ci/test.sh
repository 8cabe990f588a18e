#!/usr/bin/env bash
# Everything CI checks, from a fresh clone with ../shared beside it:
# install the stack, then build and test the serial variant, the MPI
# variant, an ASan+UBSan serial build, an ASan+UBSan MPI build (the
# whole C MPI suite at 1-4 ranks under the sanitizers) and a short
# libFuzzer run (ci/fuzz.sh).
#   ci/test.sh            all five
#   ci/test.sh serial     one step (serial|mpi|asan|mpi-asan|fuzz)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_rmaps_base_oversubscribe=1
# Keep Open MPI's plugins loaded to the end, so that LeakSanitizer can name
# the functions in their stacks (ci/lsan-openmpi.supp matches by name).
export OMPI_MCA_mca_base_component_disable_dlclose=1
jobs=$(nproc 2>/dev/null || echo 2)

if [ ! -d ../shared/corpus ]; then
  echo "ci/test.sh: ../shared/corpus is missing: the corpus tests need it" >&2
  exit 1
fi
bash ci/install-deps.sh

variants=("$@")
[ ${#variants[@]} -gt 0 ] || variants=(serial mpi asan mpi-asan fuzz)
failed=()
for v in "${variants[@]}"; do
  if [ "$v" = fuzz ]; then # libFuzzer, a short run (ci/fuzz.sh)
    echo "=== exoslab: fuzz"
    bash ci/fuzz.sh "${EXS_FUZZ_SECONDS:-180}" build/fuzz || failed+=(fuzz)
    continue
  fi
  echo "=== exoslab: $v build"
  bash ci/build.sh "$v" "build/$v"
  if [ "$v" = serial ]; then
    # The serial library must not pull MPI in at all.
    if ldd "build/$v/libexoslab.so" | grep -Ei 'libmpi|openmpi|pnetcdf'; then
      echo "serial libexoslab.so links MPI" >&2
      failed+=("$v:link")
    fi
  fi
  echo "=== exoslab: $v tests"
  only=()
  # mpi-asan: the MPI suite (every program at 1-4 ranks); the serial tests
  # already ran under the same sanitizers in the asan step.
  [ "$v" = mpi-asan ] && only=(-L mpi)
  if ! ctest --test-dir "build/$v" "${only[@]}" --output-on-failure -j"$jobs" --timeout 600; then
    failed+=("$v")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "ci/test.sh: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "ci/test.sh: all variants passed: ${variants[*]}"
