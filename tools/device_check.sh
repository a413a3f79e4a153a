#!/usr/bin/env bash
# One call on the GPU machine (see DEVELOPERS.md): configure with Ninja, build on all cores, run
# the `gpu` tests, the GPU benchmarks against PyTorch on the default Douban-shaped set, then
# compute-sanitizer memcheck and racecheck on the tests, and print a short table. Logs go under
# $OUT when it is set. Every step has a time limit, so the table is printed well inside one
# 10-minute call; the sanitizers come last and take the time that is left (a second call with
# --no-bench, on a still-warm machine, reuses the build and gives them the whole budget).
# Usage: tools/device_check.sh [--no-bench]   (with ".deps" carried: see tools/device_deps.sh)
set -uo pipefail
cd "$(dirname "$0")/.."
source tools/device_deps.sh
out=${OUT:-build/device-check}
mkdir -p "$out"
declare -A result
order=()
deadline=$((SECONDS + ${DEVICE_CHECK_SECONDS:-560}))  # the whole script, table included

step() {  # step NAME SECONDS COMMAND...: runs with a time limit, logs to $out/NAME.log
  local name=$1 limit=$2; shift 2
  local t0=$SECONDS rc=0 left=$((deadline - SECONDS))
  order+=("$name")
  if [ "$left" -lt 10 ]; then result[$name]="skipped (out of time)"; return; fi
  [ "$limit" -gt "$left" ] && limit=$left
  timeout "$limit" "$@" >"$out/$name.log" 2>&1 || rc=$?
  case $rc in
    0) result[$name]="pass ($((SECONDS - t0)) s)" ;;
    124) result[$name]="TIMEOUT after $limit s" ;;
    *) result[$name]="FAIL rc=$rc ($((SECONDS - t0)) s)" ;;
  esac
}

bin=build/device
step configure 60 cmake -S . -B "$bin" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCINEREC_CUDA=ON
step build 240 cmake --build "$bin" -j "$(nproc)"
step gpu_tests 90 ctest --test-dir "$bin" -L gpu --output-on-failure
step devices 20 "$bin/cinerec" devices
if [ "${1:-}" != --no-bench ]; then
  data=build/device-data
  step dataset 60 bash -c "$bin/cinerec synth --out $data/raw --force && $bin/cinerec prepare --in $data/raw --format douban --out $data/dataset --force"
  step score_bench 60 bench/gpu_score_bench.sh "$bin"
  step train_bench 180 env OUT="$out/bench" BENCH="$bin/bench/train_bench" CINEREC="$bin/cinerec" \
    bench/gpu_train_bench.sh "$data/dataset"
fi
sanitizer=$(command -v compute-sanitizer || echo /usr/local/cuda/bin/compute-sanitizer)
# The whole-run tests (CudaBackend.*) repeat the kernels' launches many times over; the sanitizers
# check every kernel once through the kernel tests and one training step sequence.
step memcheck 90 "$sanitizer" --tool memcheck --error-exitcode 1 "$bin/tests/cinerec_gpu_tests" \
  --gtest_filter='-CudaBackend.CheckpointsMoveBetweenDevices:CudaBackend.CudnnTitleConv*:CudaBackend.ThreeEpochs*'
step racecheck 90 "$sanitizer" --tool racecheck --error-exitcode 1 "$bin/tests/cinerec_gpu_tests" \
  --gtest_filter='-CudaBackend*:Models/*'

grep -hE "tests passed|tests failed|Skipped|Failed|FAILED" "$out/gpu_tests.log" 2>/dev/null | head -12 || true
grep -hE "ERROR SUMMARY|FAILED" "$out/memcheck.log" "$out/racecheck.log" 2>/dev/null | head -6 || true
cat "$out/score_bench.log" "$out/train_bench.log" 2>/dev/null || true
printf '\n%-12s %s\n' check result
for name in "${order[@]}"; do
  printf '%-12s %s\n' "$name" "${result[$name]}"
done
