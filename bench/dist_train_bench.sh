#!/usr/bin/env bash
# Data-parallel CPU training, side by side in one run on one machine: cinerec as 1 rank x 2
# threads and as 2 ranks x 1 thread (mpirun), and PyTorch DistributedDataParallel (gloo) as 2
# ranks x 1 thread (bench/torch_ddp.py) beside PyTorch in one process x 2 threads
# (bench/torch_reference.py); the published model (dot head, dense Adam), global batch 256 and
# 2048. cinerec's figures are one whole epoch's samples/s from metrics.jsonl, with the bytes rank
# 0 contributed to collectives per step and the time it spent in them; PyTorch's are STEPS timed
# steps after 5 warm-up.
# Usage: bench/dist_train_bench.sh DATASET [STEPS=100]
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:?usage: bench/dist_train_bench.sh DATASET [STEPS]}
steps=${2:-100}
python=${PYTHON:-/usr/bin/python3}
bin=${CINEREC_BIN:-build/release/cinerec}
[ -x "$bin" ] || { echo "build first: cmake --preset release && cmake --build --preset release" >&2; exit 1; }
if ! "$python" -c "import torch" 2>/dev/null; then
  echo "dist_train_bench: installing Debian's python3-torch for the PyTorch side" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-torch python3-numpy >/dev/null
fi
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
field() { "$python" -c "import json,sys; d=json.loads(open(sys.argv[1]).read().splitlines()[-1]); print(eval(sys.argv[2], {}, d))" "$@"; }

printf '%-6s %-22s %12s %14s %13s\n' batch run samples_per_s bytes_per_step collective_s
for batch in 256 2048; do
  sets=(--set train.epochs=1 --set train.batch_size="$batch" --set train.eval_batch_size=65536)
  "$bin" train --data "$data" --out "$work/one-$batch" "${sets[@]}" --set train.threads=2 >/dev/null 2>&1
  one=$(field "$work/one-$batch/metrics.jsonl" samples_per_s)
  mpirun --oversubscribe --bind-to none -np 2 "$bin" train --data "$data" --out "$work/two-$batch" \
    "${sets[@]}" --set train.threads=1 >/dev/null 2>&1
  m=$work/two-$batch/metrics.jsonl
  two=$(field "$m" samples_per_s)
  bytes=$(field "$m" "round(collectives['bytes'] / global_step)")
  secs=$(field "$m" "round(collectives['seconds'], 2)")
  # Two processes started by hand (Debian's torchrun 1.13 fails under Python 3.11).
  for rank in 1 0; do
    OMP_NUM_THREADS=1 MASTER_ADDR=127.0.0.1 MASTER_PORT=29517 RANK=$rank WORLD_SIZE=2 \
      "$python" bench/torch_ddp.py --data "$data" --batch-size "$batch" --steps "$steps" \
      --threads 1 >"$work/ddp-$rank.json" &
  done
  wait
  cp "$work/ddp-0.json" "$work/ddp.json"
  ddp=$(field "$work/ddp.json" samples_per_s)
  "$python" bench/torch_reference.py --data "$data" --batch-size "$batch" --threads 2 \
    --max-steps $((steps + 5)) --no-eval --json "$work/torch.json" >/dev/null
  torch1=$("$python" -c "import json,sys; print(json.load(open(sys.argv[1]))['samples_per_s'])" "$work/torch.json")
  printf '%-6s %-22s %12.0f %14s %13s\n' "$batch" "cinerec 1 rank x 2 thr" "$one" - - \
    "$batch" "cinerec 2 ranks x 1 thr" "$two" "$bytes" "$secs" \
    "$batch" "torch 1 proc x 2 thr" "$torch1" - - \
    "$batch" "torch DDP 2 x 1 thr" "$ddp" - -
  "$python" -c "import sys; a,b,c,d=map(float,sys.argv[1:]); print(f'       2 ranks / 1 rank: {b/a:.2f}; cinerec/torch: 1 process {a/c:.1f}x, 2 ranks {b/d:.1f}x')" \
    "$one" "$two" "$torch1" "$ddp"
done
