// Fresh random inputs for the tests: normal(0, scale) and uniform in [lo, hi) floats, and
// multiples of 1/16 in [-1, 1], whose products and sums stay exact in fp32 (and TF32) for any
// summation order while they stay below 2^16 in size; random rated-movie sets.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "host/common/rng.h"
#include "host/data/dataset/user_items.h"

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

// Each user has rated each movie with probability `share`, except user `crowded` (none by
// default), who has rated all but movies 0..3: fewer unrated movies than a k above 4.
inline UserItems random_rated(size_t users, size_t movies, double share, Rng& rng,
                              size_t crowded = std::numeric_limits<size_t>::max()) {
  UserItems rated;
  for (size_t u = 0; u < users; ++u) {
    for (uint32_t m = 0; m < movies; ++m) {
      if (u == crowded ? m >= 4 : rng.uniform() < share) rated.items.push_back(m);
    }
    rated.offsets.push_back(rated.items.size());
  }
  return rated;
}

}  // namespace cinerec::testing
