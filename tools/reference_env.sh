#!/usr/bin/env bash
# The reference implementations the baselines are measured against, from PyPI in a virtual
# environment at .venv-ref (git-ignored): Surprise, for MF (bench/baselines_bench.sh); with the
# argument `recbole`, also RecBole and the PyTorch it runs on (bench/recbole_bench.sh; PyPI's
# torch brings its CUDA libraries, about 4 GB). Idempotent; prints the environment's python. The
# core build and tests need none of it.
# Usage: tools/reference_env.sh [recbole]
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv-ref
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv" >&2
fi
if ! "$venv/bin/python" -c "import surprise" 2>/dev/null; then
  "$venv/bin/pip" install -q "scikit-surprise==1.1.5" "numpy<3" >&2
fi
if [ "${1:-}" = recbole ] && ! "$venv/bin/python" -c "import recbole, torch" 2>/dev/null; then
  # RecBole 1.2.1 still uses np.float_ (gone in numpy 2) and needs a pandas and scipy of numpy 1.
  "$venv/bin/pip" install -q "recbole==1.2.1" "torch==2.15.0" "numpy<2" "pandas<2.3" "scipy<1.15" >&2
fi
echo "$PWD/$venv/bin/python"
