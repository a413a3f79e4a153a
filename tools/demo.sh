#!/usr/bin/env bash
# The README's main job: installs what is missing, builds, generates the Douban-shaped data set
# at the paper's size, prepares it, trains with configs/douban.toml, evaluates it (rating and
# ranking metrics), predicts one rating, scores every user's top 10, prints the paper's three
# recommendation lists, and writes the dataset's figures and the HTML report (WORKDIR/report.html).
# Usage: tools/demo.sh [WORKDIR]   (default: runs/demo; CINEREC_DEVICE=cuda trains on a GPU)
set -euo pipefail
cd "$(dirname "$0")/.."

tools/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)"
bin=build/release/cinerec
work=${1:-runs/demo}
device=${CINEREC_DEVICE:-cpu}

"$bin" devices
"$bin" synth --out "$work/raw" --seed 1 --force
"$bin" prepare --in "$work/raw" --format douban --out "$work/dataset" --force
rm -rf "$work/run"
"$bin" train --data "$work/dataset" --out "$work/run" --config configs/douban.toml --device "$device"
echo "eval (test split):"
"$bin" eval --run "$work/run" --device "$device" | tee "$work/eval.json"
user=$(sed -n 2p "$work/raw/users.csv" | cut -d, -f1)
movie=$(sed -n 2p "$work/raw/movies.csv" | cut -d, -f1)
echo "predict (user $user, movie $movie):"
"$bin" predict --run "$work/run" --user "$user" --movie "$movie" --device "$device"
"$bin" score --run "$work/run" --k 10 --out "$work/top10.csv" --device "$device" --force
echo "recommend:"
"$bin" recommend --run "$work/run" --user "$user"
"$bin" recommend --run "$work/run" --similar-to "$movie"
"$bin" recommend --run "$work/run" --fans-of "$movie"
"$bin" stats --data "$work/dataset" --out "$work/stats" --force
"$bin" report --run "$work/run" --eval "$work/eval.json" --user "$user" --movie "$movie" \
  --k 5 --out "$work/report.html" --force
echo "open $work/report.html in a browser (tools/render_html.sh renders it to a PNG)"
