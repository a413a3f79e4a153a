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
if ! "$python" -c "import torch" 2>/dev/null; then
  echo "train_bench: installing Debian's python3-torch for the PyTorch side" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-torch python3-numpy >/dev/null
fi
train=$("$python" -c "import json,sys; print(json.load(open(sys.argv[1]))['counts']['train'])" "$data/manifest.json")

echo "train_bench: $train training ratings, $threads threads, $steps timed steps (5 warm-up)"
printf '%-6s %-8s %11s %9s %13s %11s %9s %8s\n' batch adam cinerec_ms torch_ms cinerec_sps cinerec_ep_s torch_ep_s speedup
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
    epoch_s=$("$python" -c "import math,sys; print(round(math.ceil($train / $batch) * float(sys.argv[1]) / 1e3, 1))" "$ms")
    torch_epoch_s=$("$python" -c "import math,sys; print(round(math.ceil($train / $batch) * float(sys.argv[1]) / 1e3, 1))" "$torch_ms")
    printf '%-6s %-8s %11.2f %9.2f %13s %11s %9s %7sx\n' "$batch" "$adam" "$ms" "$torch_ms" "$sps" "$epoch_s" "$torch_epoch_s" "$ratio"
  done
done
