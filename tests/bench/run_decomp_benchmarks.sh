#!/bin/sh
# run_decomp_benchmarks.sh -- the distributed-mesh benchmark (issue 12):
# generate the benchmark mesh (exs_bench_gen, n = 100: 1,030,301 nodes,
# 1,000,000 HEX8) and run exs_bench_decomp at each rank count, printing
# the tables. Builds nothing: give it an MPI build directory.
#
#   tests/bench/run_decomp_benchmarks.sh BUILD_DIR [SCRATCH_DIR]
#
# Environment: EXS_BENCH_N (default 100), EXS_BENCH_REPS (default 3),
# EXS_BENCH_RANKS (default "1 2 4"), EXS_BENCH_FORMATS (default "cdf5"),
# EXS_BENCH_METHODS (default all), EXS_BENCH_MPIEXEC (default "mpiexec
# --oversubscribe"), EXS_BENCH_KEEP=1 keeps the meshes,
# EXS_BENCH_MALLOC_DYNAMIC=1 keeps glibc's moving mmap threshold
# (exs_bench_decomp fixes it at 128 KiB otherwise: see its main). See
# docs/performance.md, "Distributed mesh".
#   tests/bench/run_decomp_benchmarks.sh --quick BUILD_DIR [SCRATCH_DIR]
#
# --quick (the CTest smoke check bench_decomp_quick): a 6^3 mesh at 1, 2,
# 3 and 4 ranks (EXS_BENCH_QUICK_RANKS), every peer's checking run only,
# values checked, nothing timed against a target; exit status 1 if a
# built peer fails its check at any rank count.
set -eu

QUICK=0
if [ "${1:-}" = "--quick" ]; then
    QUICK=1
    shift
fi
if [ $# -lt 1 ] || [ ! -x "$1/tests/bench/exs_bench_decomp" ]; then
    echo "usage: $0 MPI_BUILD_DIR [SCRATCH_DIR] (exs_bench_decomp not built?)" >&2
    exit 2
fi
B=$(cd "$1" && pwd)/tests/bench
SCRATCH=${2:-${EXS_BENCH_DIR:-/tmp/exs-bench}}
N=${EXS_BENCH_N:-100}
REPS=${EXS_BENCH_REPS:-3}
RANKS=${EXS_BENCH_RANKS:-1 2 4}
FORMATS=${EXS_BENCH_FORMATS:-cdf5}
MPIEXEC=${EXS_BENCH_MPIEXEC:-mpiexec --oversubscribe}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mkdir -p "$SCRATCH"

if [ "$QUICK" = 1 ]; then
    mesh="$SCRATCH/decomp-quick.exo"
    "$B/exs_bench_gen" -o "$mesh" --n 6 --format cdf5 >/dev/null
    st=0
    for np in ${EXS_BENCH_QUICK_RANKS:-1 2 3 4}; do
        # shellcheck disable=SC2086
        $MPIEXEC -n "$np" "$B/exs_bench_decomp" "$mesh" --quick || st=1
    done
    rm -f "$mesh"
    exit $st
fi

echo "== machine: nproc $(nproc), $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)"
status=0
for fmt in $FORMATS; do
    mesh="$SCRATCH/decomp-mesh-$fmt.exo"
    "$B/exs_bench_gen" -o "$mesh" --n "$N" --format "$fmt"
    for np in $RANKS; do
        echo "[load before: $(cut -d' ' -f1-3 /proc/loadavg)]"
        # shellcheck disable=SC2086
        $MPIEXEC -n "$np" "$B/exs_bench_decomp" "$mesh" --reps "$REPS" \
            ${EXS_BENCH_METHODS:+--methods "$EXS_BENCH_METHODS"} || status=1
    done
    [ "${EXS_BENCH_KEEP:-0}" = 1 ] || rm -f "$mesh"
done
exit $status
