#!/usr/bin/env bash
# The implicit baselines side by side with RecBole's, in one run on one machine, on exactly the
# same split (`cinerec atomic`): each cinerec model with its shipped config and RecBole's with its
# defaults (bench/recbole_run.py), the same number of epochs on both sides, both ranked under
# cinerec's full protocol by one definition: Recall@10, NDCG@10, training seconds, and the
# ratios. DIN, which RecBole ranks on sampled candidates only, is compared under cinerec's sampled
# protocol instead (bench/recbole_din_run.py), both sides at the widths DIN_HIDDEN (default
# RecBole's [256,256,256]). Prints lscpu's model first. RecBole runs on PyTorch's CPU threads
# (all cores).
# Usage: [DIN_HIDDEN=[64,64,64]] bench/recbole_bench.sh DATASET [MODELS=pop,usercf,itemcf,bpr]
#        [EPOCHS=20] [SEED=1]
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:?usage: bench/recbole_bench.sh DATASET [MODELS] [EPOCHS] [SEED]}
models=${2:-pop,usercf,itemcf,bpr}
epochs=${3:-20}
seed=${4:-1}
bin=${CINEREC_BIN:-build/release/cinerec}
[ -x "$bin" ] || { echo "build first: cmake --preset release && cmake --build --preset release" >&2; exit 1; }
python=$(tools/reference_env.sh recbole)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
lscpu | grep -E "Model name|^Flags" | sed 's/^Flags:.*\(avx512f\).*/Flags: ... \1 .../'
declare -A reference=([pop]=Pop [usercf]=ItemKNN [itemcf]=ItemKNN [bpr]=BPR [fism]=FISM [enmf]=ENMF [din]=DIN)
din_hidden=${DIN_HIDDEN:-[256,256,256]}
declare -A options=([usercf]='knn_method="user"')  # RecBole's UserKNN is ItemKNN's user method
declare -A sets=([din]="--set din.mlp_hidden_size=$din_hidden")
"$bin" atomic --data "$data" --out "$work/atomic" >/dev/null 2>&1
rows="$work/rows.tsv"
for model in ${models//,/ }; do
  ref=${reference[$model]:?no RecBole counterpart for $model}
  # Pop and the neighbourhood models are made in one epoch on both sides.
  case $model in pop | usercf | itemcf) e=1 ;; *) e=$epochs ;; esac
  # cinerec's seconds: the whole `train` command (loading, making the neighbour lists before the
  # first step, the steps, the checkpoint), against RecBole's model construction and fit().
  start=$(date +%s.%N)
  "$bin" train --data "$data" --out "$work/$model" --config "configs/$model.toml" \
    --set train.epochs="$e" --set train.seed="$seed" ${sets[$model]:-} >/dev/null 2>&1
  seconds=$("$python" -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]))" "$start" "$(date +%s.%N)")
  threshold=$("$python" -c "import sys, tomllib; print(tomllib.load(open(sys.argv[1], 'rb'))['eval']['relevance_threshold'])" "$work/$model/config.toml")
  if [ "$model" = din ]; then
    protocol=sampled
    theirs=$("$python" bench/recbole_din_run.py "$work/atomic" cinerec "$threshold" "$e" "$seed" \
      "mlp_hidden_size=$din_hidden" 2>/dev/null | tail -1)
  else
    protocol=full
    theirs=$("$python" bench/recbole_run.py "$work/atomic" cinerec "$ref" "$threshold" "$e" "$seed" ${options[$model]:-} 2>/dev/null | tail -1)
  fi
  ours=$("$bin" eval --run "$work/$model" --protocol "$protocol" 2>/dev/null)
  # Each side's raw figures as they come, so a long run's finished models are never lost.
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$model ($e epochs)" "$ref" "$ours" "$seconds" "$theirs" "$protocol" | tee -a "$rows"
done
"$python" - "$rows" <<'PY'
import json, sys
print("| model | protocol | ours R@10 | RecBole R@10 | ours NDCG@10 | RecBole NDCG@10 | R@10 diff | NDCG@10 diff | ours s | RecBole s | faster |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
own = []
for line in open(sys.argv[1]):
    name, ref, ours, seconds, theirs, protocol = line.rstrip("\n").split("\t")
    m, theirs, seconds = json.loads(ours)["ranking"][protocol], json.loads(theirs), float(seconds)
    r, n, tr, tn, ts = m["recall@10"], m["ndcg@10"], theirs["recall@10"], theirs["ndcg@10"], theirs["fit_seconds"]
    print(f"| {name} | {protocol} | {r:.4f} | {tr:.4f} | {n:.4f} | {tn:.4f} | {r / tr - 1:+.1%} | {n / tn - 1:+.1%} | "
          f"{seconds:.2f} | {ts:.2f} | {ts / max(seconds, 1e-9):.1f}x |")
    if "recbole_own" in theirs:
        own.append(f"{ref}: {theirs['recbole_own']}")
print("RecBole's own evaluator (its test positives; the movies it never saw are not ranked):")
print("\n".join(own))
PY
