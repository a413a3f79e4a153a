#include "tests/fuzz/fuzz_targets.h"

#include <array>
#include <stdexcept>
#include <string>

namespace cinerec::fuzz {

std::span<const Target> targets() {
  static constexpr std::array<Target, 11> kTargets{{
      {"csv", csv},
      {"source_douban", source_douban},
      {"source_moviedata", source_moviedata},
      {"source_ml1m", source_ml1m},
      {"source_ml100k", source_ml100k},
      {"source_ml100k_fold", source_ml100k_fold},
      {"config", config},
      {"dataset", dataset},
      {"safetensors", safetensors},
      {"checkpoint", checkpoint},
      {"user_list", user_list},
  }};
  return kTargets;
}

const Target& target(std::string_view name) {
  for (const Target& t : targets()) {
    if (t.name == name) return t;
  }
  throw std::invalid_argument("no fuzz target \"" + std::string(name) + "\"");
}

}  // namespace cinerec::fuzz
