#!/usr/bin/env bash
# GPU retrieval speed side by side in one run on the same GPU: cinerec's exact fp32 top-k and its
# tensor-core path (TF32 + exact re-rank, with its share of the exact ids), against PyTorch fp32
# matmul + torch.topk over all users at once, with and without masking the seen movies.
# All 5,200 x 140,000 pairs, 200-d, top 100, ~832k seen pairs.
# Usage: bench/gpu_score_bench.sh [BUILD=build/release]
set -euo pipefail
cd "$(dirname "$0")/.."
bench=${1:-build/release}/bench/score_bench
python=${PYTHON:-python3}
status=0
measure() {  # measure LABEL COMMAND...: prints "LABEL: its output"; a failure fails the script
  local label=$1 out
  shift
  if out=$("$@"); then echo "$label: $out"; else echo "$label: FAILED"; status=1; fi
}
for device in cuda cuda-tf32; do
  measure "cinerec $device" "$bench" 5200 140000 200 100 832000 1 5 8192 16384 "$device"
done
for mask in "" --no-mask; do
  measure "pytorch ${mask:-masked}" "$python" bench/torch_score.py --device cuda --user-chunk 5200 $mask
done
exit $status
