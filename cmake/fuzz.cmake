# CINEREC_FUZZ: the libFuzzer build. Everything compiled here (the host library and the targets)
# gets libFuzzer's coverage instrumentation with AddressSanitizer and UndefinedBehaviorSanitizer;
# only the fuzz_* binaries link libFuzzer's main (tests/fuzz/CMakeLists.txt). Needs clang, and
# leaves CUDA out: its runtime does not run under ASan.
if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "CINEREC_FUZZ needs clang (libFuzzer), not ${CMAKE_CXX_COMPILER_ID}: "
                      "configure with --preset fuzz or -DCMAKE_CXX_COMPILER=clang++")
endif()
if(CINEREC_CUDA STREQUAL "ON")
  message(FATAL_ERROR "CINEREC_FUZZ builds without CUDA: set CINEREC_CUDA=OFF")
endif()
set(CINEREC_CUDA OFF)
# The instrumentation keeps clang from vectorising `omp simd` loops, which it reports as a
# warning (-Wpass-failed): a property of this build, not of the code.
add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
                    -fno-omit-frame-pointer -g -Wno-pass-failed)
add_link_options(-fsanitize=address,undefined)
