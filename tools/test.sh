#!/usr/bin/env bash
# The README's test command: installs what is missing, builds (CUDA code compiles and links
# whenever nvcc exists, even without a GPU) and runs the whole test suite with ctest.
# GPU tests skip themselves when no device is present.
set -euo pipefail
cd "$(dirname "$0")/.."

tools/install-deps.sh
preset=${CINEREC_PRESET:-release}
cmake --preset "$preset"
cmake --build --preset "$preset" -j "$(nproc)"
ctest --preset "$preset" -j "$(nproc)" "$@"
