// Fresh random inputs for the tests: normal(0, scale) and uniform in [lo, hi) floats, and
// multiples of 1/16 in [-1, 1], whose products and sums stay exact in fp32 (and TF32) for any
// summation order while they stay below 2^16 in size.
#pragma once

#include <vector>

#include "host/common/rng.h"

namespace cinerec::testing {

inline std::vector<float> normal_floats(size_t n, Rng& rng, double scale = 1.0) {
  std::vector<float> v(n);
  for (auto& x : v)
    x = static_cast<float>(rng.normal() * scale);
  return v;
}

inline std::vector<float> uniform_floats(size_t n, Rng& rng, double lo, double hi) {
  std::vector<float> v(n);
  for (auto& x : v)
    x = static_cast<float>(lo + (hi - lo) * rng.uniform());
  return v;
}

inline std::vector<float> sixteenths(size_t n, Rng& rng) {
  std::vector<float> v(n);
  for (auto& x : v)
    x = static_cast<float>(static_cast<int>(rng.below(33)) - 16) / 16.0f;
  return v;
}

}  // namespace cinerec::testing
