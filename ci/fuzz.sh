#!/usr/bin/env bash
# Fuzz the serial reader: build the libFuzzer target with clang (ASan +
# UBSan), replay the regression inputs, then fuzz for a while from seeds
# made now out of the corpus's small files (never committed copies).
#   ci/fuzz.sh [SECONDS] [BUILD_DIR]     default 180 s, build/fuzz
# Environment: EXS_FUZZ_JOBS (parallel fuzzing jobs, default 1),
# EXS_FUZZ_SEED_MAX (largest seed file in bytes, default 65536).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
secs=${1:-180}
dir=${2:-$here/build/fuzz}
jobs=${EXS_FUZZ_JOBS:-1}
seed_max=${EXS_FUZZ_SEED_MAX:-65536}
corpus=$here/../shared/corpus

cmake -S "$here" -B "$dir" -DCMAKE_C_COMPILER=clang-14 -DEXOSLAB_FUZZ=ON \
      -DEXOSLAB_MPI=OFF -DEXOSLAB_PYTHON=OFF -DCMAKE_BUILD_TYPE=Debug \
      -DEXOSLAB_CORPUS="$corpus" > "$dir.configure.log" 2>&1 ||
  { tail -30 "$dir.configure.log"; exit 1; }
cmake --build "$dir" -j"$(nproc 2>/dev/null || echo 2)" \
      --target fuzz_open fuzz_replay

# The regression inputs first: a fixed crash must stay fixed.
ctest --test-dir "$dir" -L fuzz --output-on-failure

# Seeds: the corpus's small files, copied into the build tree at run time.
seeds=$dir/fuzz-seeds
work=$dir/fuzz-work
rm -rf "$seeds"
mkdir -p "$seeds" "$work" "$dir/fuzz-artifacts"
find "$corpus" -maxdepth 1 -type f -size -"$((seed_max + 1))"c \
     ! -name '*.md' ! -name '*.tsv' -exec cp {} "$seeds"/ \;
echo "fuzz: $(ls "$seeds" | wc -l) seeds, ${secs}s, $jobs job(s)"

# -detect_leaks stays on (ASan default); a leak is a finding like a crash.
opts=(-max_total_time="$secs" -timeout=20 -rss_limit_mb=3072 -max_len=65536
      -print_final_stats=1 -artifact_prefix="$dir/fuzz-artifacts/")
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
if [ "$jobs" -gt 1 ]; then
  opts+=(-jobs="$jobs" -workers="$jobs")
fi
"$dir/tests/fuzz/fuzz_open" "${opts[@]}" "$work" "$seeds"
