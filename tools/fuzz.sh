#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz (the `fuzz` preset: clang, ASan + UBSan) and runs
# each for SECONDS, one after another on one core, from a writable copy of its seed corpus; then
# prints one line per target: executions, execs/s, coverage (libFuzzer's cov and ft, from its
# last status line) and the crashes, leaks, timeouts and OOMs found. Everything goes under
# build/fuzz/ (git-ignored): corpus/TARGET (the seeds plus what runs found, kept between runs),
# artifacts/TARGET (the reproducers), logs/TARGET.log. Exits 1 when anything was found.
# Usage: tools/fuzz.sh SECONDS [TARGET...]   (default: every target in tests/fuzz/corpus/)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 1 ] || ! [[ $1 =~ ^[0-9]+$ ]]; then
  echo "usage: tools/fuzz.sh SECONDS [TARGET...]" >&2
  exit 2
fi
seconds=$1
shift

tools/install-deps.sh clang libclang-rt-14-dev libomp-dev
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "${CINEREC_FUZZ_BUILD_JOBS:-$(nproc)}"

out=build/fuzz
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for dir in tests/fuzz/corpus/*/; do targets+=("$(basename "$dir")"); done
fi
# One core: no OpenMP or OpenBLAS threads beside the fuzzing loop.
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
# The targets' temporary files, in memory when /dev/shm allows; a crashed run cannot remove its
# own, so this script removes them all at the end.
CINEREC_FUZZ_TMPDIR=$(mktemp -d /dev/shm/cinerec-fuzz-run.XXXXXX 2>/dev/null ||
  mktemp -d "${TMPDIR:-/tmp}/cinerec-fuzz-run.XXXXXX")
export CINEREC_FUZZ_TMPDIR
trap 'rm -rf "$CINEREC_FUZZ_TMPDIR"' EXIT

final_stat() {  # final_stat NAME LOG: a value of libFuzzer's -print_final_stats block
  sed -n "s/^stat::$1: *//p" "$2" | tail -1
}
found=0
table=()
for t in "${targets[@]}"; do
  bin=$out/tests/fuzz/fuzz_$t
  if [ ! -x "$bin" ]; then
    echo "fuzz: no target $t (targets: $(cd tests/fuzz/corpus && echo *))" >&2
    exit 2
  fi
  mkdir -p "$out/corpus/$t" "$out/artifacts/$t" "$out/logs"
  cp -n "tests/fuzz/corpus/$t"/* "$out/corpus/$t/"
  log=$out/logs/$t.log
  before=$(find "$out/artifacts/$t" -type f | wc -l)
  echo "fuzz: $t for ${seconds}s (log: $log)"
  "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$out/artifacts/$t/" "$out/corpus/$t" >"$log" 2>&1 || true
  new=$(($(find "$out/artifacts/$t" -type f | wc -l) - before))
  [ "$new" -gt 0 ] && found=1
  coverage=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -1 | awk '{print $2 "/" $4}')
  table+=("$(printf '%-20s %12s %9s %13s %7s' "$t" "$(final_stat number_of_executed_units "$log")" \
    "$(final_stat average_exec_per_sec "$log")" "${coverage:--}" "$new")")
done

printf '\n%-20s %12s %9s %13s %7s\n' target executions execs/s "cov/ft" crashes
printf '%s\n' "${table[@]}"
if [ "$found" = 1 ]; then
  echo "fuzz: reproducers in $out/artifacts/ (see the logs in $out/logs/)"
  exit 1
fi
