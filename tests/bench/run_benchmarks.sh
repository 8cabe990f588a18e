#!/bin/sh
# run_benchmarks.sh -- generate the benchmark meshes and run every benchmark,
# printing the tables to stdout. Builds nothing: give it a build directory.
#
#   tests/bench/run_benchmarks.sh BUILD_DIR [SCRATCH_DIR]
#
# SCRATCH_DIR (default $EXS_BENCH_DIR or /tmp/exs-bench) receives the
# meshes (about 400 MB each at n = 100) and is emptied of them at the end
# unless EXS_BENCH_KEEP=1. Environment: EXS_BENCH_N (default 100),
# EXS_BENCH_REPS (default 5), EXS_BENCH_PYTHON (default /usr/bin/python3).
# Takes about 5 minutes on 2 cores at the defaults. See docs/performance.md.
set -eu

if [ $# -lt 1 ] || [ ! -d "$1" ]; then
    echo "usage: $0 BUILD_DIR [SCRATCH_DIR]" >&2
    exit 2
fi
BUILD=$(cd "$1" && pwd)
SCRATCH=${2:-${EXS_BENCH_DIR:-/tmp/exs-bench}}
N=${EXS_BENCH_N:-100}
REPS=${EXS_BENCH_REPS:-5}
PY=${EXS_BENCH_PYTHON:-/usr/bin/python3}
HERE=$(cd "$(dirname "$0")" && pwd)
B=$BUILD/tests/bench

for p in exs_bench_gen exs_bench_read exs_bench_write; do
    if [ ! -x "$B/$p" ]; then
        echo "run_benchmarks.sh: $B/$p not built" >&2
        exit 2
    fi
done
mkdir -p "$SCRATCH"
MESHES=""

echo "== machine =="
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "nproc: $(nproc)"
lscpu | head -n 14 | sed 's/^/  /'
echo "memory: $(free -m | awk '/^Mem:/ {print $2 " MiB total, " $7 " MiB available"}')"
echo "kernel: $(uname -r); THP: $(cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null || echo unknown)"
echo "load: $(cat /proc/loadavg)"
echo "scratch: $SCRATCH ($(df -h "$SCRATCH" | awk 'NR==2 {print $1 ", " $4 " free"}'))"
echo "build: $BUILD"
echo

gen() { # NAME ARGS...
    name=$1
    shift
    "$B/exs_bench_gen" -o "$SCRATCH/$name.exo" --n "$N" "$@"
    MESHES="$MESHES $SCRATCH/$name.exo"
}

echo "== generating meshes (n=$N) =="
gen mesh-nc4 --format nc4
gen mesh-nc4-chunked --format nc4 --chunk-nodes 131072 --chunk-elems 131072
gen mesh-cdf5 --format cdf5
gen mesh-cdf2 --format cdf2

status=0
run() {
    echo
    echo "[load before: $(cut -d' ' -f1-3 /proc/loadavg)]"
    "$@" || status=1
}

run "$B/exs_bench_read" "$SCRATCH/mesh-nc4.exo" --reps "$REPS" \
    --title "netCDF-4, libexodus layout (netCDF default chunks)"
run "$B/exs_bench_read" "$SCRATCH/mesh-nc4.exo" --reps "$REPS" --no-hugepages \
    --title "netCDF-4, libexodus layout, plain malloc buffers"
run "$B/exs_bench_read" "$SCRATCH/mesh-nc4-chunked.exo" --reps "$REPS" \
    --title "netCDF-4, 131072-entry chunks"
run "$B/exs_bench_read" "$SCRATCH/mesh-cdf5.exo" --reps "$REPS" --title "CDF-5"
run "$B/exs_bench_read" "$SCRATCH/mesh-cdf2.exo" --reps "$REPS" --title "CDF-2"
run "$B/exs_bench_write" --dir "$SCRATCH" --n "$N" --reps "$REPS"
if [ -x "$PY" ]; then
    run "$PY" "$HERE/bench_python.py" "$SCRATCH/mesh-nc4.exo" --build-dir "$BUILD" \
        --reps "$REPS"
else
    echo "run_benchmarks.sh: no $PY: Python benchmark skipped" >&2
fi

if [ "${EXS_BENCH_KEEP:-0}" != 1 ]; then
    # shellcheck disable=SC2086
    rm -f $MESHES
fi
echo
echo "run_benchmarks.sh: done (status $status)"
exit $status
