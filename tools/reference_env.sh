#!/usr/bin/env bash
# The reference implementations the baselines are measured against (bench/baselines_bench.sh),
# from PyPI in a virtual environment at .venv-ref (git-ignored): Surprise, for MF. Idempotent;
# prints the environment's python. The core build and tests need none of it.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv-ref
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv" >&2
fi
if ! "$venv/bin/python" -c "import surprise" 2>/dev/null; then
  "$venv/bin/pip" install -q "scikit-surprise==1.1.5" "numpy<3" >&2
fi
echo "$PWD/$venv/bin/python"
