#!/bin/sh
# run_benchmarks.sh -- generate the benchmark meshes and run every serial
# benchmark, printing the tables to stdout. Builds nothing: give it a build
# directory.
#
#   tests/bench/run_benchmarks.sh [--quick] BUILD_DIR [SCRATCH_DIR]
#
# Every table interleaves its peers over rounds (each peer once per round,
# the order rotated) and gives medians and per-round paired ratios against
# a pre-touched pread / write() reference measured in the same run; the
# load average is printed before and after each table (docs/performance.md,
# "Method").
#
# A full run appends the machine state (date, nproc, load, kernel, git
# commit) and every figure it printed to docs/performance.md ("Run log"),
# or to $EXS_BENCH_RECORD (a path; "none": nowhere).
#
# --quick: the smoke check that CTest runs (label "bench"): a 6x6x6 mesh in
# two blocks in every format, every read and write peer once, values
# checked against the closed form; nothing is timed against a target and
# nothing is recorded.
#
# SCRATCH_DIR (default $EXS_BENCH_DIR or /tmp/exs-bench) receives the
# meshes (about 400 MB each at n = 100) and is emptied of them at the end
# unless EXS_BENCH_KEEP=1. Environment: EXS_BENCH_N (default 100),
# EXS_BENCH_REPS (rounds, default 5), EXS_BENCH_PYTHON (default
# /usr/bin/python3), EXS_BENCH_PARTS (which tables: a space list of read,
# write, python; default all three; the run log names the parts run).
# Takes about 10 minutes on 2 cores at the defaults.
set -eu

QUICK=0
if [ "${1:-}" = --quick ]; then
    QUICK=1
    shift
fi
if [ $# -lt 1 ] || [ ! -d "$1" ]; then
    echo "usage: $0 [--quick] BUILD_DIR [SCRATCH_DIR]" >&2
    exit 2
fi
BUILD=$(cd "$1" && pwd)
SCRATCH=${2:-${EXS_BENCH_DIR:-/tmp/exs-bench}}
N=${EXS_BENCH_N:-100}
REPS=${EXS_BENCH_REPS:-5}
PY=${EXS_BENCH_PYTHON:-/usr/bin/python3}
PARTS=${EXS_BENCH_PARTS:-read write python}
has_part() { case " $PARTS " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
RECORD=${EXS_BENCH_RECORD:-$REPO/docs/performance.md}
B=$BUILD/tests/bench
GENOPTS=""
RUNOPTS="--reps $REPS"
if [ "$QUICK" = 1 ]; then
    N=6
    GENOPTS="--nblocks 2"
    RUNOPTS="--quick"
    RECORD=none
fi

for p in exs_bench_gen exs_bench_read exs_bench_write; do
    if [ ! -x "$B/$p" ]; then
        echo "run_benchmarks.sh: $B/$p not built" >&2
        exit 2
    fi
done
mkdir -p "$SCRATCH"
MESHES=""
LOG=$SCRATCH/run_benchmarks.$$.log
: >"$LOG"

commit() {
    c=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)
    if [ -n "$(git -C "$REPO" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
        c="$c (with uncommitted changes)"
    fi
    echo "$c"
}
STATE="date $(date -u '+%Y-%m-%d %H:%M UTC'); nproc $(nproc); load $(cut -d' ' -f1-3 /proc/loadavg); kernel $(uname -r); commit $(commit)"

echo "== machine =="
echo "$STATE"
lscpu | head -n 14 | sed 's/^/  /'
echo "memory: $(free -m | awk '/^Mem:/ {print $2 " MiB total, " $7 " MiB available"}')"
echo "THP: $(cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null || echo unknown)"
echo "scratch: $SCRATCH ($(df -h "$SCRATCH" | awk 'NR==2 {print $1 ", " $4 " free"}'))"
echo "build: $BUILD"
echo

gen() { # NAME ARGS...
    name=$1
    shift
    # shellcheck disable=SC2086
    "$B/exs_bench_gen" -o "$SCRATCH/$name.exo" --n "$N" $GENOPTS "$@"
    MESHES="$MESHES $SCRATCH/$name.exo"
}

echo "== generating meshes (n=$N) =="
gen mesh-nc4 --format nc4
if [ "$QUICK" = 1 ]; then
    gen mesh-nc4-chunked --format nc4 --chunk-nodes 64 --chunk-elems 50
else
    gen mesh-nc4-chunked --format nc4 --chunk-nodes 131072 --chunk-elems 131072
fi
gen mesh-cdf5 --format cdf5
gen mesh-cdf2 --format cdf2
# Reads of files whose pages are still being written back run at a
# fraction of the page-cache speed: the write-back ends before any table.
sync

status=0
run() { # the program's output goes to stdout and to the log
    echo
    echo "[load before: $(cut -d' ' -f1-3 /proc/loadavg)]" | tee -a "$LOG"
    # A pipeline runs in a subshell: the program's status comes back in a file.
    rm -f "$LOG.rc"
    { "$@" || echo $? >"$LOG.rc"; } | tee -a "$LOG"
    if [ -e "$LOG.rc" ]; then
        status=1
        rm -f "$LOG.rc"
    fi
}

# shellcheck disable=SC2086
run_read() { run "$B/exs_bench_read" "$@" $RUNOPTS; }

if has_part read; then
    run_read "$SCRATCH/mesh-nc4.exo" --title "netCDF-4, libexodus layout (netCDF default chunks)"
    run_read "$SCRATCH/mesh-nc4-chunked.exo" --title "netCDF-4, chunked"
    run_read "$SCRATCH/mesh-cdf5.exo" --title "CDF-5"
    run_read "$SCRATCH/mesh-cdf2.exo" --title "CDF-2"
    if [ "$QUICK" = 0 ]; then
        run_read "$SCRATCH/mesh-nc4.exo" --no-hugepages \
            --title "netCDF-4, libexodus layout, plain malloc buffers"
    fi
fi
if has_part write; then
    # shellcheck disable=SC2086
    run "$B/exs_bench_write" --dir "$SCRATCH" --n "$N" $GENOPTS $RUNOPTS
    # one step of 100 variables against one variable of the same bytes
    if [ -x "$B/exs_bench_step" ]; then
        # shellcheck disable=SC2086
        run "$B/exs_bench_step" --dir "$SCRATCH" $RUNOPTS
    fi
fi
if ! has_part python; then
    :
elif [ "$QUICK" = 0 ] && [ -x "$PY" ]; then
    run "$PY" "$HERE/bench_python.py" "$SCRATCH/mesh-nc4.exo" --build-dir "$BUILD" \
        --reps "$REPS"
elif [ "$QUICK" = 0 ]; then
    echo "run_benchmarks.sh: no $PY: Python benchmark skipped" >&2
fi

if [ "${EXS_BENCH_KEEP:-0}" != 1 ]; then
    # shellcheck disable=SC2086
    rm -f $MESHES
fi
if [ "$RECORD" != none ]; then
    {
        echo
        echo "### run_benchmarks.sh, $(date -u '+%Y-%m-%d %H:%M UTC')"
        echo
        echo "Machine at the start: $STATE; at the end: load $(cut -d' ' -f1-3 /proc/loadavg)."
        echo "n = $N, $REPS interleaved rounds, parts: $PARTS; exit status $status."
        echo
        echo '```'
        cat "$LOG"
        echo '```'
    } >>"$RECORD"
    echo "run_benchmarks.sh: figures appended to $RECORD"
fi
rm -f "$LOG"
echo
echo "run_benchmarks.sh: done (status $status)"
exit $status
