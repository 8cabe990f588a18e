#!/bin/sh
# run_par_benchmarks.sh -- the parallel benchmark (issue 4): generate the
# meshes and run exs_bench_par at 1 and 2 ranks, printing the tables to
# stdout. Builds nothing: give it an MPI build directory (-DEXOSLAB_MPI=ON).
#
#   tests/bench/run_par_benchmarks.sh BUILD_DIR [SCRATCH_DIR]
#
# Environment: EXS_BENCH_N (default 100), EXS_BENCH_REPS (default 5),
# EXS_BENCH_RANKS (default "1 2"), EXS_BENCH_MPIEXEC (default "mpiexec
# --oversubscribe"), EXS_BENCH_KEEP=1 keeps the meshes. Open MPI as root
# needs OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 (set
# here). See docs/performance.md, "Parallel".
set -eu

if [ $# -lt 1 ] || [ ! -x "$1/tests/bench/exs_bench_par" ]; then
    echo "usage: $0 MPI_BUILD_DIR [SCRATCH_DIR] (exs_bench_par not built?)" >&2
    exit 2
fi
B=$(cd "$1" && pwd)/tests/bench
SCRATCH=${2:-${EXS_BENCH_DIR:-/tmp/exs-bench}}
N=${EXS_BENCH_N:-100}
REPS=${EXS_BENCH_REPS:-5}
RANKS=${EXS_BENCH_RANKS:-1 2}
MPIEXEC=${EXS_BENCH_MPIEXEC:-mpiexec --oversubscribe}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mkdir -p "$SCRATCH"

echo "== machine: nproc $(nproc), $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== $(mpiexec --version 2>/dev/null | head -n 1)"
"$B/exs_bench_gen" -o "$SCRATCH/par-mesh-nc4.exo" --n "$N" --format nc4
"$B/exs_bench_gen" -o "$SCRATCH/par-mesh-cdf5.exo" --n "$N" --format cdf5
"$B/exs_bench_gen" -o "$SCRATCH/par-mesh-nc4-deflate.exo" --n "$N" --format nc4 \
    --deflate 1 --chunk-nodes 131072 --chunk-elems 131072

status=0
run() { # NP ARGS...
    np=$1
    shift
    echo
    echo "[load before: $(cut -d' ' -f1-3 /proc/loadavg)]"
    # shellcheck disable=SC2086
    $MPIEXEC -n "$np" "$B/exs_bench_par" "$@" --reps "$REPS" || status=1
}

for np in $RANKS; do
    run "$np" read "$SCRATCH/par-mesh-nc4.exo" --title "netCDF-4, libexodus layout"
    run "$np" read "$SCRATCH/par-mesh-cdf5.exo" --title "CDF-5"
    run "$np" write --dir "$SCRATCH" --n "$N" --format nc4 --title "netCDF-4"
    run "$np" write --dir "$SCRATCH" --n "$N" --format cdf5 --title "CDF-5"
done
# Alignment: a compressed file read with chunk-aligned and shifted slabs.
for np in $RANKS; do
    if [ "$np" -gt 1 ]; then
        run "$np" read "$SCRATCH/par-mesh-nc4-deflate.exo" --shift \
            --title "netCDF-4, deflate 1, 131072-entry chunks"
    fi
done

if [ "${EXS_BENCH_KEEP:-0}" != 1 ]; then
    rm -f "$SCRATCH/par-mesh-nc4.exo" "$SCRATCH/par-mesh-cdf5.exo" \
        "$SCRATCH/par-mesh-nc4-deflate.exo"
fi
echo
echo "run_par_benchmarks.sh: done (status $status)"
exit $status
