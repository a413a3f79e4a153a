#include "host/common/finite.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace cinerec {

void require_finite(std::span<const float> values, std::string_view what) {
  const auto bad = std::ranges::find_if(values, [](float v) { return !std::isfinite(v); });
  if (bad == values.end()) return;
  throw std::runtime_error(std::string(what) + " holds a non-finite value (" +
                           std::to_string(*bad) + ") at " + std::to_string(bad - values.begin()) +
                           ": the model's parameters overflow");
}

}  // namespace cinerec
