#!/usr/bin/env bash
# Streaming under a hard memory cap (issue 13): each mesh is read through
# exs_iter_* (exs_bench_read --peers exoslab-stream) inside a memory cgroup
# limited to CAP MiB, and, as the negative control, read whole into memory
# (--peers exoslab) in the same cgroup, which the kernel must kill.
#
#   tests/bench/run_stream_cap.sh BUILD_DIR FILE... [-- CAP_MIB]
#
# Needs a writable memory cgroup: cgroup v1 (a child of this shell's own
# memory cgroup) or cgroup v2 (a child of this shell's cgroup, when its
# memory controller is delegated). Without one it says so and exits 0: the
# figure is then not measured (prlimit --as is not the same thing, since it
# caps address space, not resident memory).
set -u
if [ $# -lt 2 ]; then
    echo "usage: $0 BUILD_DIR FILE... [-- CAP_MIB]" >&2
    exit 2
fi
build=$1
shift
files=()
cap=64
while [ $# -gt 0 ]; do
    if [ "$1" = "--" ]; then
        cap=${2:-64}
        break
    fi
    files+=("$1")
    shift
done
bench=$build/tests/bench/exs_bench_read
[ -x "$bench" ] || { echo "$0: no $bench" >&2; exit 2; }

v1=$(sed -n 's/^[0-9]*:memory:\(.*\)$/\1/p' /proc/self/cgroup)
v2=$(sed -n 's/^0::\(.*\)$/\1/p' /proc/self/cgroup)
cg=""
if [ -n "$v1" ] && [ -w "/sys/fs/cgroup/memory$v1" ]; then
    cg=/sys/fs/cgroup/memory$v1/exs-cap$$
    mkdir "$cg" || exit 1
    echo $((cap * 1048576)) > "$cg/memory.limit_in_bytes"
    # with swap accounting on, swap must be capped too
    [ -e "$cg/memory.memsw.limit_in_bytes" ] &&
        echo $((cap * 1048576)) > "$cg/memory.memsw.limit_in_bytes"
    peak() { echo $(( $(cat "$cg/memory.max_usage_in_bytes") / 1048576 )); }
    reset_peak() { echo 0 > "$cg/memory.max_usage_in_bytes"; }
    kills() { sed -n 's/^oom_kill //p' "$cg/memory.oom_control"; }
elif [ -n "$v2" ] && [ -w "/sys/fs/cgroup$v2" ] &&
     grep -qw memory "/sys/fs/cgroup$v2/cgroup.subtree_control" 2>/dev/null; then
    cg=/sys/fs/cgroup$v2/exs-cap$$
    mkdir "$cg" || exit 1
    echo $((cap * 1048576)) > "$cg/memory.max"
    echo 0 > "$cg/memory.swap.max" 2>/dev/null
    peak() { [ -e "$cg/memory.peak" ] && echo $(( $(cat "$cg/memory.peak") / 1048576 )) || echo "?"; }
    reset_peak() { :; }
    kills() { sed -n 's/^oom_kill //p' "$cg/memory.events"; }
else
    echo "run_stream_cap: no writable memory cgroup here (v1: ${v1:-none}, v2: ${v2:-none}); not measured"
    exit 0
fi
trap 'rmdir "$cg" 2>/dev/null' EXIT

status=0
echo "memory cap $cap MiB ($cg); $(cut -d' ' -f1-3 /proc/loadavg) load"
printf '%-40s %-16s %8s %10s %6s  %s\n' file peer rc "peak MiB" kills verdict
for f in "${files[@]}"; do
    cat "$f" > /dev/null  # page cache filled outside the cap
    for peer in exoslab-stream exoslab; do
        before=$(kills)
        reset_peak
        sh -c "echo \$\$ > '$cg/cgroup.procs' && exec '$bench' '$f' --peers $peer --reps 2 --exodusii none" \
            > /tmp/exs-cap$$.log 2>&1
        rc=$?
        k=$(( $(kills) - before ))
        if [ "$peer" = exoslab-stream ]; then
            # the streamed read must finish, check its values and not be killed
            if [ $rc -eq 0 ] && [ "$k" -eq 0 ]; then v=PASS; else v=MISS; status=1; fi
        else
            # the whole-file read must not fit: the cap is real
            if [ $rc -ne 0 ] && [ "$k" -gt 0 ]; then v="killed (control)"; else v="NOT killed: cap not effective"; status=1; fi
        fi
        printf '%-40s %-16s %8s %10s %6s  %s\n' "$(basename "$f")" "$peer" "$rc" "$(peak)" "$k" "$v"
        [ "$v" = MISS ] && tail -5 /tmp/exs-cap$$.log
    done
done
rm -f /tmp/exs-cap$$.log
exit $status
