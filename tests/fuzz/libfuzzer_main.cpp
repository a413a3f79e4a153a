// libFuzzer's entry point for one target; CMake compiles this file once per target with
// CINEREC_FUZZ_TARGET naming it, so each fuzz_NAME binary runs only its own code.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tests/fuzz/fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const cinerec::fuzz::Target& target = cinerec::fuzz::target(CINEREC_FUZZ_TARGET);
  target.run(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
