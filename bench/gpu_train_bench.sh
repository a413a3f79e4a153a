#!/usr/bin/env bash
# GPU training speed, side by side in one run on the same GPU and prepared dataset: cinerec's CUDA
# backend (one whole epoch per batch size), PyTorch eager and PyTorch with CUDA graphs
# (bench/torch_reference.py, --max-steps after 5 warm-up steps), then the time cinerec needs to
# reach PyTorch's 3-epoch test MSE at batch 2048, and those 3 epochs' test MSE beside the CPU
# trainer's. Prints a table; JSON lines go to $OUT (or build/gpu-bench).
# Usage: bench/gpu_train_bench.sh DATASET [TORCH_STEPS=300]
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:?usage: bench/gpu_train_bench.sh DATASET [TORCH_STEPS]}
torch_steps=${2:-300}
python=${PYTHON:-python3}
bench=${BENCH:-build/release/bench/train_bench}
cinerec=${CINEREC:-build/release/cinerec}
out=${OUT:-build/gpu-bench}
mkdir -p "$out"
json() { "$python" -c "import json,sys; print(json.load(open(sys.argv[1]))$2)" "$1"; }  # json FILE PATH
ratio() { "$python" -c "import sys; print(round(float(sys.argv[1]) / float(sys.argv[2]), 2))" "$1" "$2"; }
train=$(json "$data/manifest.json" "['counts']['train']")

mib() { "$python" -c "import sys; print(round(float(sys.argv[1]) / 2**20))" "$1"; }

# Peak memory: bytes held in our DeviceBuffers vs torch.cuda.max_memory_allocated (neither counts
# the CUDA context).
printf '%-6s %13s %15s %15s %9s %9s %8s %11s %11s\n' batch cinerec_sps torch_eager_sps \
  torch_graph_sps vs_eager vs_graph epoch_s cinerec_MiB torch_MiB
for batch in 256 2048 16384; do
  "$bench" "$data" "$batch" 0 dense 0 cuda >"$out/cinerec-$batch.json"
  ours=$(json "$out/cinerec-$batch.json" "['samples_per_s']")
  for mode in eager graph; do
    flag=$([ "$mode" = graph ] && echo --cuda-graphs || true)
    "$python" bench/torch_reference.py --data "$data" --device cuda $flag --batch-size "$batch" \
      --max-steps $((torch_steps + 5)) --no-eval --json "$out/torch-$mode-$batch.json" >/dev/null
  done
  eager=$(json "$out/torch-eager-$batch.json" "['samples_per_s']")
  graph=$(json "$out/torch-graph-$batch.json" "['samples_per_s']")
  printf '%-6s %13.0f %15.0f %15.0f %8sx %8sx %8s %11s %11s\n' "$batch" "$ours" "$eager" "$graph" \
    "$(ratio "$ours" "$eager")" "$(ratio "$ours" "$graph")" "$(ratio "$train" "$ours")" \
    "$(mib "$(json "$out/cinerec-$batch.json" "['peak_gpu_bytes']")")" \
    "$(mib "$(json "$out/torch-graph-$batch.json" "['peak_gpu_bytes']")")"
done

# Time to PyTorch's 3-epoch test MSE at batch 2048 (published model, both sides).
"$python" bench/torch_reference.py --data "$data" --device cuda --cuda-graphs --batch-size 2048 \
  --epochs 3 --json "$out/torch-3epochs.json" >/dev/null
target=$(json "$out/torch-3epochs.json" "['epochs'][-1]['test_mse']")
torch_s=$(json "$out/torch-3epochs.json" "['train_seconds']")
# The same 3 epochs on the CPU trainer (the oracle): the per-epoch test MSE should match.
for device in cuda cpu; do
  rm -rf "$out/run-2048-$device"
  "$cinerec" train --data "$data" --out "$out/run-2048-$device" --config configs/published.toml \
    --set train.batch_size=2048 --set train.epochs=3 --device "$device" >/dev/null
done
"$python" - "$out/run-2048-cuda/metrics.jsonl" "$out/run-2048-cpu/metrics.jsonl" "$target" \
  "$torch_s" <<'PY'
import json, sys
gpu, cpu = ([json.loads(l) for l in open(path)] for path in sys.argv[1:3])
target, torch_s, elapsed = float(sys.argv[3]), float(sys.argv[4]), 0.0
mse = lambda lines: [round(x["test"]["mse"], 5) for x in lines]
for l in gpu:
    elapsed += l["seconds"]
    if l["test"]["mse"] <= target:
        print(f"time to torch's 3-epoch test MSE {target:.4f}: cinerec {elapsed:.2f} s (epoch "
              f"{l['epoch']}), torch {torch_s:.2f} s")
        break
else:
    print(f"cinerec did not reach torch's 3-epoch test MSE {target:.4f} in 3 epochs")
print(f"per-epoch test MSE: cuda {mse(gpu)}, cpu {mse(cpu)}; largest gap "
      f"{max(abs(g['test']['mse'] - c['test']['mse']) for g, c in zip(gpu, cpu)):.2e}")
PY
