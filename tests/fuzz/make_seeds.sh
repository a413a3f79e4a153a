#!/usr/bin/env bash
# Rebuilds the seeds made with the cinerec binary from the fixture dataset (fixture_dataset.h):
# the dataset directory (dataset/), a tiny model's checkpoint (checkpoint/, safetensors/), the
# synthetic Douban source (source_douban/) and its user ids (user_list/). Deterministic.
# Usage: tests/fuzz/make_seeds.sh [CINEREC_BINARY]   (default: build/cpu/cinerec)
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$(realpath "${1:-build/cpu/cinerec}")
corpus=tests/fuzz/corpus
# A fixed place: `train` records the dataset's absolute path in the checkpoint.
work=/tmp/cinerec-fuzz-seeds
rm -rf "$work" && mkdir -p "$work"
trap 'rm -rf "$work"' EXIT

# bundle PREAMBLE DIR FILE...: the files of DIR as one bundle (bundle.h) on stdout.
bundle() {
  local preamble=$1 dir=$2 first=1; shift 2
  printf '%s' "$preamble"
  for f in "$@"; do
    if [ -n "$preamble" ] || [ $first = 0 ]; then printf '\n'; fi
    printf '=== %s\n' "$f"
    cat "$dir/$f"
    first=0
  done
}
# check_bundle FILE PARTS: no part may hold a header line of its own.
check_bundle() {
  local headers
  headers=$(grep -a -c '^=== ' "$1" || true)
  [ "$headers" = "$2" ] || { echo "make_seeds: $1 has $headers header lines, not $2" >&2; exit 1; }
}

# Relative paths, so that the manifest records the same one on every machine.
(cd "$work" && "$bin" synth --out source --users 30 --movies 60 --ratings 300 --seed 1 >/dev/null &&
  "$bin" prepare --in source --format douban --out dataset >/dev/null)
tiny=(model.user_id_dim=2 model.demographic_dim=2 model.movie_id_dim=2 model.genre_dim=2
      model.token_dim=2 model.tower_hidden=2 model.feature_dim=2 "model.title_windows=[2]"
      model.title_filters=1 train.epochs=1 train.batch_size=64 train.threads=1)
sets=()
for setting in "${tiny[@]}"; do sets+=(--set "$setting"); done
(cd "$work" && "$bin" train --data dataset --out run "${sets[@]}" >/dev/null 2>&1)

mkdir -p "$corpus"/{dataset,checkpoint,safetensors,source_douban,user_list}
arrays=$(find "$work/dataset" -name '*.bin' -printf '%f\n' | LC_ALL=C sort)
for preamble in 0 1; do
  out="$corpus/dataset/prepared-30x60-$preamble"
  # shellcheck disable=SC2086
  bundle "$preamble" "$work/dataset" manifest.json $arrays >"$out"
  check_bundle "$out" $(($(wc -w <<<"$arrays") + 1))
done
optimizer=$(cd "$work/run" && ls optimizer-*.safetensors)
for preamble in 0 1; do
  out="$corpus/checkpoint/tiny-run-$preamble"
  bundle "$preamble" "$work/run" model.safetensors "$optimizer" >"$out"
  check_bundle "$out" 2
done
cp "$work/run/model.safetensors" "$corpus/safetensors/tiny-model"
cp "$work/run/$optimizer" "$corpus/safetensors/tiny-optimizer"
bundle 0 "$work/source" users.csv movies.csv ratings.csv >"$corpus/source_douban/synth-30x60"
check_bundle "$corpus/source_douban/synth-30x60" 3
tail -n +2 "$work/source/users.csv" | cut -d, -f1 >"$corpus/user_list/all-users"
tail -n +2 "$work/source/users.csv" | cut -d, -f1 | tac | awk 'NR % 3 == 1 { printf "  %s\r\n\n", $0 }' \
  >"$corpus/user_list/some-users-reversed"
