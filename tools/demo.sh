#!/usr/bin/env bash
# The README's main job: installs what is missing, builds, generates the Douban-shaped data set
# at the paper's size, prepares it and prints its summary.
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
