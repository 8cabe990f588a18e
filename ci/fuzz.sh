#!/usr/bin/env bash
# Fuzz the serial reader: build the libFuzzer target with clang (ASan +
# UBSan), replay the regression inputs, then fuzz from seeds made now out
# of the corpus's small files (never committed copies), in two phases:
#   classic: inputs that start as CDF-1/2/5 only (exoslab's header walker,
#            model scan and reads over netCDF-3): any finding fails;
#   all:     every format, netCDF-4/HDF5 included, in fork mode; a finding
#            fails unless its report matches a known third-party crash in
#            tests/fuzz/third_party.txt (HDF5's own parser bugs).
#   ci/fuzz.sh [SECONDS] [BUILD_DIR]     default 180 s in all, build/fuzz
# Environment: EXS_FUZZ_SLOW_REPLAY_S (a slow unit replaying faster passes,
# default 5), EXS_FUZZ_JOBS (fork-mode jobs in the 'all' phase, default 1),
# EXS_FUZZ_SEED_MAX (largest seed in bytes, default 65536),
# EXS_FUZZ_KEEP=1 (keep the work corpus from earlier runs).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
secs=${1:-180}
dir=${2:-$here/build/fuzz}
jobs=${EXS_FUZZ_JOBS:-1}
seed_max=${EXS_FUZZ_SEED_MAX:-65536}
corpus=$here/../shared/corpus
fz=$here/tests/fuzz

mkdir -p "$dir"
cmake -S "$here" -B "$dir" -DCMAKE_C_COMPILER=clang-14 -DEXOSLAB_FUZZ=ON \
      -DEXOSLAB_MPI=OFF -DEXOSLAB_PYTHON=OFF -DCMAKE_BUILD_TYPE=Debug \
      -DEXOSLAB_CORPUS="$corpus" > "$dir/configure.log" 2>&1 ||
  { tail -30 "$dir/configure.log"; exit 1; }
cmake --build "$dir" -j"$(nproc 2>/dev/null || echo 2)" \
      --target fuzz_open fuzz_replay

export LSAN_OPTIONS=suppressions=$fz/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

# The regression inputs and the corpus first: a fixed crash stays fixed.
ctest --test-dir "$dir" -L fuzz --output-on-failure

# Seeds: the corpus's small files, copied into the build tree at run time.
seeds=$dir/fuzz-seeds
art=$dir/fuzz-artifacts
rm -rf "$seeds" "$art"
[ "${EXS_FUZZ_KEEP:-0}" = 1 ] || rm -rf "$dir/fuzz-work"
mkdir -p "$seeds" "$art" "$dir/fuzz-work/classic" "$dir/fuzz-work/all"
find "$corpus" -maxdepth 1 -type f -size -"$((seed_max + 1))"c \
     ! -name '*.md' ! -name '*.tsv' -exec cp {} "$seeds"/ \;
nseeds=$(ls "$seeds" | wc -l)
[ "$nseeds" -gt 0 ] || { echo "fuzz: no seeds under $corpus" >&2; exit 1; }

opts=(-timeout=20 -rss_limit_mb=3072 -max_len=65536 -print_final_stats=1)
classic_secs=$((secs * 2 / 3))
all_secs=$((secs - classic_secs))
fuzzer=$dir/tests/fuzz/fuzz_open

echo "=== fuzz: classic formats, $nseeds seeds, ${classic_secs}s"
EXS_FUZZ_CLASSIC_ONLY=1 "$fuzzer" "${opts[@]}" -max_total_time="$classic_secs" \
  -artifact_prefix="$art/classic-" "$dir/fuzz-work/classic" "$seeds" \
  > "$dir/fuzz-classic.log" 2>&1 || true
grep -E '^stat::|^#[0-9]+.*DONE' "$dir/fuzz-classic.log" || true

echo "=== fuzz: all formats, fork mode, ${all_secs}s, $jobs job(s)"
"$fuzzer" "${opts[@]}" -max_total_time="$all_secs" -fork="$jobs" \
  -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1 \
  -artifact_prefix="$art/all-" "$dir/fuzz-work/all" "$seeds" \
  > "$dir/fuzz-all.log" 2>&1 || true
grep -E '^#[0-9]+' "$dir/fuzz-all.log" | tail -1 || true

# Triage: replay every artifact; only the known third-party findings pass.
# The fuzzer unwinds malloc stacks the fast way, which stops at the first
# frame built without frame pointers (Debian's HDF5), so a leak report can
# end inside libhdf5 and miss the lsan.supp entry that names its caller.
# Replays unwind the slow, DWARF-based way: the whole stack is seen and a
# known leak is suppressed by name, never by library.
replay() {
  ASAN_OPTIONS=fast_unwind_on_malloc=0:malloc_context_size=64 \
    "$dir/tests/fuzz/fuzz_replay" "$1" 2>&1
}
known_of() { # $1 artifact, $2 report: the matching third_party.txt entry
  case "$(basename "$1")" in all-*) ;; *) return 0 ;; esac
  while IFS= read -r sig; do
    case "$sig" in ''|'#'*) continue ;; esac
    if grep -qE "$sig" <<<"$2"; then echo "$sig"; return 0; fi
  done < "$fz/third_party.txt"
}
# A report whose first stack (the crash, or the leaked allocation) runs
# from nc_open down into netCDF/HDF5 with no exoslab frame in between
# happened while netCDF parsed the file, before exoslab held an ncid.
# exoslab's frames carry file:line (built with -g); the system libraries'
# and the sanitizer interceptors' frames carry only module+offset.
inside_nc_open() { # $1 report
  awk '/^    #0 /{on=1} on && !/^    #[0-9]+ /{exit} on{print}' <<<"$1" |
    awk '/ in nc_open /{found=1; exit}
         /\.c:[0-9]+/{exoslab=1}
         END{exit !(found && !exoslab)}'
}
# A slow unit (libFuzzer's report at 10 s) is a finding when its replay
# is slow too; one that replays in under SLOW_REPLAY_S seconds was slow
# only under the fuzzer's own load, and is shown with its time.
SLOW_REPLAY_S=${EXS_FUZZ_SLOW_REPLAY_S:-5}
slow_replay_ok() { # $1 artifact: 0 when it replays clean and fast
  local t0 t1
  t0=$(date +%s%N)
  replay "$1" > /dev/null || return 1
  t1=$(date +%s%N)
  local ms=$(( (t1 - t0) / 1000000 ))
  echo "fuzz: $(basename "$1"): slow unit replays clean in ${ms} ms"
  [ "$ms" -lt $((SLOW_REPLAY_S * 1000)) ]
}
bad=0
for a in "$art"/*; do
  [ -e "$a" ] || continue
  name=$(basename "$a")
  case "$name" in
    *slow-unit-*) slow_replay_ok "$a" && continue ;;
  esac
  if report=$(replay "$a"); then
    if [ ! -s "$a" ]; then
      echo "fuzz: $name: empty, replays clean (fork mode wrote no reproducer)"
      continue
    fi
    case "$name" in
      all-leak-*)
        echo "fuzz: $name: third-party leak, suppressed by lsan.supp once the full stack is unwound"
        continue ;;
    esac
  fi
  known=$(known_of "$a" "$report")
  if [ -n "$known" ]; then
    echo "fuzz: $name: known third-party finding ($known)"
  elif [[ $name == all-* ]] && inside_nc_open "$report"; then
    echo "fuzz: $name: third-party finding inside nc_open (not in third_party.txt yet):"
    grep -E 'ERROR|^    #[0-4] ' <<<"$report" | head -6
  else
    echo "fuzz: $name: NEW FINDING" >&2
    grep -E 'ERROR|SUMMARY|^    #[0-9]+ ' <<<"$report" | head -30 >&2
    bad=1
  fi
done
[ "$bad" = 0 ] || { echo "fuzz: findings kept in $art" >&2; exit 1; }
echo "fuzz: no new findings"
