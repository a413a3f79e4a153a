#!/usr/bin/env bash
# CPU training speed, side by side in one run: cinerec's CPU backend and bench/torch_reference.py
# (Debian's python3-torch) on the same prepared dataset, same batch sizes, same thread count.
# Usage: bench/train_bench.sh DATASET [STEPS=100] [THREADS=2]
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:?usage: bench/train_bench.sh DATASET [STEPS] [THREADS]}
steps=${2:-100}
threads=${3:-2}
python=${PYTHON:-/usr/bin/python3}
bench=build/release/bench/train_bench
[ -x "$bench" ] || { echo "build first: cmake --preset release && cmake --build --preset release" >&2; exit 1; }
"$python" -c "import torch" 2>/dev/null || { echo "needs python3-torch (apt-get install python3-torch)" >&2; exit 1; }

printf '%-8s %-9s %14s %14s %14s %8s\n' batch adam cinerec_ms torch_ms cinerec_sps torch_x
for batch in 256 2048; do
  torch_json=$(mktemp)
  "$python" bench/torch_reference.py --data "$data" --batch-size "$batch" --threads "$threads" \
    --max-steps $((steps + 5)) --no-eval --json "$torch_json" >/dev/null
  torch_ms=$("$python" -c "import json,sys; print(json.load(open(sys.argv[1]))['ms_per_step'])" "$torch_json")
  rm -f "$torch_json"
  for adam in dense rowwise; do
    line=$("$bench" "$data" "$batch" "$steps" "$adam" "$threads")
    ms=$("$python" -c "import json,sys; print(json.loads(sys.argv[1])['ms_per_step'])" "$line")
    sps=$("$python" -c "import json,sys; print(round(json.loads(sys.argv[1])['samples_per_s']))" "$line")
    ratio=$("$python" -c "import sys; print(round(float(sys.argv[1]) / float(sys.argv[2]), 1))" "$torch_ms" "$ms")
    printf '%-8s %-9s %14.2f %14.2f %14s %7sx\n' "$batch" "$adam" "$ms" "$torch_ms" "$sps" "$ratio"
  done
done
