#!/bin/sh
# run_par_benchmarks.sh -- the parallel benchmark (issue 4): generate the
# meshes and run exs_bench_par at 1 and 2 ranks, printing the tables to
# stdout. Builds nothing: give it an MPI build directory (-DEXOSLAB_MPI=ON).
#
#   tests/bench/run_par_benchmarks.sh [--quick] BUILD_DIR [SCRATCH_DIR]
#
# Peers are interleaved over rounds against a pre-touched pread / pwrite
# reference of the same run (medians, per-round paired ratios, load
# average), as in run_benchmarks.sh. A full run appends the machine state
# and its figures to docs/performance.md ("Run log"), or to
# $EXS_BENCH_RECORD (a path; "none": nowhere).
#
# --quick: the smoke check CTest runs (label "bench"): 2 ranks, a 6x6x6
# mesh, every peer once, values checked, nothing timed against a target,
# nothing recorded.
#
# Environment: EXS_BENCH_N (default 100), EXS_BENCH_REPS (rounds, default
# 5), EXS_BENCH_RANKS (default "1 2"), EXS_BENCH_MPIEXEC (default "mpiexec
# --oversubscribe"), EXS_BENCH_KEEP=1 keeps the meshes. Open MPI as root
# needs OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 (set
# here). See docs/performance.md, "Parallel".
set -eu

QUICK=0
if [ "${1:-}" = --quick ]; then
    QUICK=1
    shift
fi
if [ $# -lt 1 ] || [ ! -x "$1/tests/bench/exs_bench_par" ]; then
    echo "usage: $0 [--quick] MPI_BUILD_DIR [SCRATCH_DIR] (exs_bench_par not built?)" >&2
    exit 2
fi
B=$(cd "$1" && pwd)/tests/bench
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
SCRATCH=${2:-${EXS_BENCH_DIR:-/tmp/exs-bench}}
N=${EXS_BENCH_N:-100}
REPS=${EXS_BENCH_REPS:-5}
RANKS=${EXS_BENCH_RANKS:-1 2}
MPIEXEC=${EXS_BENCH_MPIEXEC:-mpiexec --oversubscribe}
RECORD=${EXS_BENCH_RECORD:-$REPO/docs/performance.md}
RUNOPTS="--reps $REPS"
CHUNK=131072
if [ "$QUICK" = 1 ]; then
    N=6
    RANKS=2
    RUNOPTS="--quick"
    RECORD=none
    CHUNK=64
fi
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mkdir -p "$SCRATCH"
LOG=$SCRATCH/run_par_benchmarks.$$.log
: >"$LOG"

c=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git -C "$REPO" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
    c="$c (with uncommitted changes)"
fi
STATE="date $(date -u '+%Y-%m-%d %H:%M UTC'); nproc $(nproc); load $(cut -d' ' -f1-3 /proc/loadavg); kernel $(uname -r); commit $c"
echo "== machine: $STATE"
echo "== $(mpiexec --version 2>/dev/null | head -n 1)"
"$B/exs_bench_gen" -o "$SCRATCH/par-mesh-nc4.exo" --n "$N" --format nc4
"$B/exs_bench_gen" -o "$SCRATCH/par-mesh-cdf5.exo" --n "$N" --format cdf5
"$B/exs_bench_gen" -o "$SCRATCH/par-mesh-nc4-deflate.exo" --n "$N" --format nc4 \
    --deflate 1 --chunk-nodes "$CHUNK" --chunk-elems "$CHUNK"

status=0
run() { # NP ARGS...
    np=$1
    shift
    echo
    echo "[load before: $(cut -d' ' -f1-3 /proc/loadavg)]" | tee -a "$LOG"
    rm -f "$LOG.rc"
    # shellcheck disable=SC2086
    { $MPIEXEC -n "$np" "$B/exs_bench_par" "$@" $RUNOPTS || echo $? >"$LOG.rc"; } |
        tee -a "$LOG"
    if [ -e "$LOG.rc" ]; then
        status=1
        rm -f "$LOG.rc"
    fi
}

for np in $RANKS; do
    run "$np" read "$SCRATCH/par-mesh-nc4.exo" --title "netCDF-4, libexodus layout"
    run "$np" read "$SCRATCH/par-mesh-cdf5.exo" --title "CDF-5"
    run "$np" write --dir "$SCRATCH" --n "$N" --format nc4 --title "netCDF-4"
    run "$np" write --dir "$SCRATCH" --n "$N" --format cdf5 --title "CDF-5"
    if [ -x "$B/exs_bench_step_par" ]; then # 100 variables against 1, same bytes
        echo
        echo "[load before: $(cut -d' ' -f1-3 /proc/loadavg)]" | tee -a "$LOG"
        rm -f "$LOG.rc"
        # shellcheck disable=SC2086
        { $MPIEXEC -n "$np" "$B/exs_bench_step_par" --dir "$SCRATCH" $RUNOPTS ||
              echo $? >"$LOG.rc"; } | tee -a "$LOG"
        if [ -e "$LOG.rc" ]; then
            status=1
            rm -f "$LOG.rc"
        fi
    fi
done
# Alignment: a compressed file read with chunk-aligned and shifted slabs.
for np in $RANKS; do
    if [ "$np" -gt 1 ]; then
        run "$np" read "$SCRATCH/par-mesh-nc4-deflate.exo" --shift \
            --title "netCDF-4, deflate 1, $CHUNK-entry chunks"
    fi
done

if [ "${EXS_BENCH_KEEP:-0}" != 1 ]; then
    rm -f "$SCRATCH/par-mesh-nc4.exo" "$SCRATCH/par-mesh-cdf5.exo" \
        "$SCRATCH/par-mesh-nc4-deflate.exo"
fi
if [ "$RECORD" != none ]; then
    {
        echo
        echo "### run_par_benchmarks.sh, $(date -u '+%Y-%m-%d %H:%M UTC')"
        echo
        echo "Machine at the start: $STATE; at the end: load $(cut -d' ' -f1-3 /proc/loadavg)."
        echo "n = $N, ranks $RANKS, $REPS interleaved rounds, exit status $status."
        echo
        echo '```'
        cat "$LOG"
        echo '```'
    } >>"$RECORD"
    echo "run_par_benchmarks.sh: figures appended to $RECORD"
fi
rm -f "$LOG"
echo
echo "run_par_benchmarks.sh: done (status $status)"
exit $status
