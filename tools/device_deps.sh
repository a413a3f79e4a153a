#!/usr/bin/env bash
# The Debian packages the GPU machine may lack (it reaches no package registry). Here:
#   tools/device_deps.sh fetch     downloads their .debs into .deps/debs (git-ignored); pass
#                                  ".deps" in the device tool's carry.
# There, tools/device_check.sh sources this file: each package whose files the machine does not
# already have is unpacked under /tmp/deproot and put on CMake's, pkg-config's and the loader's
# paths. Packages the machine has are left alone, so its own libraries are never shadowed.
debs_dir=.deps/debs
packages=(nlohmann-json3-dev libcli11-dev libtomlplusplus-dev libtomlplusplus3 libgtest-dev
          libopenblas-dev libopenblas-pthread-dev libopenblas0-pthread libgfortran5 libquadmath0
          libssl-dev libssl3 libdnnl-dev libdnnl2 ocl-icd-libopencl1 pkgconf pkgconf-bin libpkgconf3)

if [ "${1:-}" = fetch ]; then
  set -euo pipefail
  cd "$(dirname "$0")/.."
  mkdir -p "$debs_dir"
  (cd "$debs_dir" && apt-get download "${packages[@]}")
  exit 0
fi

deproot=/tmp/deproot
unpack() {  # unpack PACKAGE...: into $deproot
  for p in "$@"; do
    for f in "$debs_dir/${p}"_*.deb; do [ -e "$f" ] && dpkg -x "$f" "$deproot"; done
  done
}
has_lib() { ldconfig -p | grep -q "$1"; }

mkdir -p "$deproot"
if ! command -v pkg-config >/dev/null; then  # CMake finds OpenBLAS through pkg-config
  unpack pkgconf pkgconf-bin libpkgconf3
  export PATH=$deproot/usr/bin:$PATH
  export LD_LIBRARY_PATH=$deproot/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
fi
[ -e /usr/include/nlohmann/json.hpp ] || unpack nlohmann-json3-dev
[ -e /usr/include/CLI/CLI.hpp ] || unpack libcli11-dev
[ -e /usr/include/toml++/toml.h ] || unpack libtomlplusplus-dev libtomlplusplus3
[ -e /usr/include/gtest/gtest.h ] || unpack libgtest-dev
[ -e /usr/include/oneapi/dnnl/dnnl.h ] || unpack libdnnl-dev libdnnl2
has_lib libOpenCL.so.1 || unpack ocl-icd-libopencl1
has_lib libgfortran.so.5 || unpack libgfortran5
has_lib libquadmath.so.0 || unpack libquadmath0
if ! pkg-config --exists openblas 2>/dev/null; then
  unpack libopenblas-dev libopenblas-pthread-dev libopenblas0-pthread
  export PKG_CONFIG_PATH=$deproot/usr/lib/x86_64-linux-gnu/openblas-pthread/pkgconfig
  export PKG_CONFIG_SYSROOT_DIR=$deproot
fi
if [ ! -e /usr/include/openssl/sha.h ]; then
  unpack libssl-dev
  has_lib libcrypto.so.3 || unpack libssl3
  export OPENSSL_ROOT_DIR=$deproot/usr
fi
export CMAKE_PREFIX_PATH=$deproot/usr${CMAKE_PREFIX_PATH:+:$CMAKE_PREFIX_PATH}
export LD_LIBRARY_PATH=$deproot/usr/lib/x86_64-linux-gnu:$deproot/usr/lib/x86_64-linux-gnu/openblas-pthread${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
