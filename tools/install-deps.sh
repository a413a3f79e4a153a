#!/usr/bin/env bash
# Installs cinerec's build and test dependencies from Debian's packages, plus any packages named
# as arguments (tools/fuzz.sh adds clang's). Idempotent: packages already present are not
# touched, so a warm machine pays one dpkg query.
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config clang-format
  libgtest-dev libcli11-dev libtomlplusplus-dev nlohmann-json3-dev libssl-dev
  libopenblas-dev libdnnl-dev zlib1g-dev libopenmpi-dev openmpi-bin
  python3-numpy  # the .npy tests load exported arrays with numpy.load
  # The figures (tools/cinerec_plot.py), CJK glyphs in them, and the report's rendering check.
  python3-matplotlib fonts-wqy-zenhei chromium
  "$@"
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
