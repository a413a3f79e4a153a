#!/usr/bin/env bash
# The README's test command: installs what is missing, builds (CUDA code compiles and links
# whenever nvcc exists, even without a GPU) and runs the whole test suite with ctest, then builds
# the CPU code under AddressSanitizer + UndefinedBehaviorSanitizer and runs the CPU suite again
# (CINEREC_SANITIZE=0 skips that second pass). GPU tests skip themselves when no device is present.
set -euo pipefail
cd "$(dirname "$0")/.."

tools/install-deps.sh
preset=${CINEREC_PRESET:-release}
cmake --preset "$preset"
cmake --build --preset "$preset" -j "$(nproc)"
ctest --preset "$preset" -j "$(nproc)" "$@"

if [ "${CINEREC_SANITIZE:-1}" != 0 ] && [ "$preset" != asan ]; then
  cmake --preset asan
  cmake --build --preset asan -j "$(nproc)" --target cinerec cinerec_tests
  ctest --preset asan -j "$(nproc)" -L cpu "$@"
fi
