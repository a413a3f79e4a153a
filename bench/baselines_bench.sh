#!/usr/bin/env bash
# The baselines side by side with their reference implementations, in one run on one machine, on
# exactly the same split: cinerec's MF (configs/mf.toml) against Surprise's SVD with its defaults
# (bench/surprise_svd.py, reading the split `cinerec atomic` wrote), both single-threaded as
# Surprise is: test RMSE (unclipped, as cinerec's eval; Surprise's own clipped one beside it) and
# training seconds, with the ratio. Prints lscpu's model first.
# Usage: bench/baselines_bench.sh DATASET [SEED=1]
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:?usage: bench/baselines_bench.sh DATASET [SEED]}
seed=${2:-1}
bin=${CINEREC_BIN:-build/release/cinerec}
[ -x "$bin" ] || { echo "build first: cmake --preset release && cmake --build --preset release" >&2; exit 1; }
python=$(tools/reference_env.sh)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
lscpu | grep -E "Model name|^Flags" | sed 's/^Flags:.*\(avx512f\).*/Flags: ... \1 .../'

"$bin" train --data "$data" --out "$work/mf" --config configs/mf.toml --set train.seed="$seed" \
  --set train.threads=1 >/dev/null 2>&1
ours_seconds=$("$python" -c "import json,sys; print(sum(json.loads(l)['seconds'] for l in open(sys.argv[1])))" "$work/mf/metrics.jsonl")
ours_rmse=$("$bin" eval --run "$work/mf" --protocol none 2>/dev/null | "$python" -c "import json,sys; print(json.load(sys.stdin)['rmse'])")
"$bin" atomic --data "$data" --out "$work/atomic" >/dev/null 2>&1
range=$("$python" -c "import json,sys; r=json.load(open(sys.argv[1]))['rating_range']; print(r[0], r[1])" "$data/manifest.json")
theirs=$("$python" bench/surprise_svd.py "$work/atomic" cinerec $range "$seed")
"$python" - "$ours_rmse" "$ours_seconds" "$theirs" <<'PY'
import json, sys
ours_rmse, ours_s, theirs = float(sys.argv[1]), float(sys.argv[2]), json.loads(sys.argv[3])
print(f"{'model':<22} {'test RMSE':>10} {'clipped':>8} {'train s':>9}")
print(f"{'cinerec mf':<22} {ours_rmse:>10.4f} {'':>8} {ours_s:>9.2f}")
print(f"{'Surprise SVD':<22} {theirs['rmse']:>10.4f} {theirs['rmse_clipped']:>8.4f} {theirs['fit_seconds']:>9.2f}")
print(f"RMSE relative difference {ours_rmse / theirs['rmse'] - 1:+.2%}, "
      f"training {theirs['fit_seconds'] / ours_s:.1f}x faster")
PY
