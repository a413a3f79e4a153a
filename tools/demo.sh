#!/usr/bin/env bash
# The README's main job: installs what is missing, builds, generates the Douban-shaped data set
# at the paper's size, prepares it, trains the published model with configs/douban.toml on the
# CPU, evaluates it and predicts one rating.
# Usage: tools/demo.sh [WORKDIR]   (default: runs/demo)
set -euo pipefail
cd "$(dirname "$0")/.."

tools/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)"
bin=build/release/cinerec
work=${1:-runs/demo}

"$bin" devices
"$bin" synth --out "$work/raw" --seed 1 --force
"$bin" prepare --in "$work/raw" --format douban --out "$work/dataset" --force
rm -rf "$work/run"
"$bin" train --data "$work/dataset" --out "$work/run" --config configs/douban.toml
echo "eval (test split):"
"$bin" eval --run "$work/run"
user=$(sed -n 2p "$work/raw/users.csv" | cut -d, -f1)
movie=$(sed -n 2p "$work/raw/movies.csv" | cut -d, -f1)
echo "predict (user $user, movie $movie):"
"$bin" predict --run "$work/run" --user "$user" --movie "$movie"
