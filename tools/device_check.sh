#!/usr/bin/env bash
# One call on the GPU machine (see DEVELOPERS.md): configure with Ninja, build on all cores, run
# the `gpu` tests, compute-sanitizer memcheck and racecheck on them, the GPU benchmarks against
# PyTorch on the default Douban-shaped set, then print a short table. Logs go under $OUT when it
# is set. Must fit well inside one 10-minute call.
set -uo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-build/device-check}
mkdir -p "$out"
declare -A result

step() {  # step NAME COMMAND...: runs, logs to $out/NAME.log, records pass/FAIL
  local name=$1; shift
  local t0=$SECONDS
  if "$@" >"$out/$name.log" 2>&1; then result[$name]="pass ($((SECONDS - t0)) s)"; else result[$name]="FAIL ($((SECONDS - t0)) s)"; fi
}

step configure cmake -S . -B build/device -G Ninja -DCMAKE_BUILD_TYPE=Release -DCINEREC_CUDA=ON
step build cmake --build build/device -j "$(nproc)"
step gpu_tests ctest --test-dir build/device -L gpu --output-on-failure
sanitizer=$(command -v compute-sanitizer || echo /usr/local/cuda/bin/compute-sanitizer)
step memcheck "$sanitizer" --tool memcheck --error-exitcode 1 build/device/tests/cinerec_gpu_tests
step racecheck "$sanitizer" --tool racecheck --error-exitcode 1 build/device/tests/cinerec_gpu_tests
step devices build/device/cinerec devices
data=build/device-data
step dataset bash -c "build/device/cinerec synth --out $data/raw --force && build/device/cinerec prepare --in $data/raw --format douban --out $data/dataset --force"
step score_bench bench/gpu_score_bench.sh build/device
step bench env OUT="$out/bench" BENCH=build/device/bench/train_bench CINEREC=build/device/cinerec \
  bench/gpu_train_bench.sh "$data/dataset"

grep -hE "tests passed|tests failed|Skipped" "$out/gpu_tests.log" | head -5 || true
cat "$out/score_bench.log" "$out/bench.log" 2>/dev/null || true
printf '\n%-12s %s\n' check result
for name in configure build gpu_tests memcheck racecheck devices dataset score_bench bench; do
  printf '%-12s %s\n' "$name" "${result[$name]:-not run}"
done
