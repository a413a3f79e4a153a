#!/usr/bin/env bash
# Retrieval speed side by side in one run: cinerec's CPU top-k (bench/score_bench.cpp) and the
# same computation in PyTorch (bench/torch_score.py, Debian's python3-torch), same sizes and
# thread count.
# Usage: bench/score_bench.sh [THREADS=2] [BUILD=build/release]
set -euo pipefail
cd "$(dirname "$0")/.."
threads=${1:-2}
bench=${2:-build/release}/bench/score_bench
python=${PYTHON:-/usr/bin/python3}
[ -x "$bench" ] || { echo "build first: cmake --preset release && cmake --build --preset release" >&2; exit 1; }
if ! "$python" -c "import torch" 2>/dev/null; then
  echo "score_bench: installing Debian's python3-torch for the PyTorch side" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-torch >/dev/null
fi
ours=$("$bench" 5200 140000 200 100 832000 "$threads")
theirs=$("$python" bench/torch_score.py --threads "$threads")
echo "cinerec: $ours"
echo "pytorch: $theirs"
"$python" -c "import json,sys; a,b=json.loads(sys.argv[1]),json.loads(sys.argv[2]); print('speed-up: %.2fx' % (b['seconds']/a['seconds']))" "$ours" "$theirs"
