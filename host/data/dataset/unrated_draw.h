// Negative sampling for implicit-feedback training: a movie the user did not rate, drawn
// uniformly, as RecBole's uniform sampler draws its negatives (by rejection).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "host/common/rng.h"

namespace cinerec {

// Uniform over the movies [0, movies) not in `rated` (ascending); none when it holds them all.
std::optional<uint32_t> draw_unrated(std::span<const uint32_t> rated, size_t movies, Rng& rng);

// The generator of a training rating's negatives in an epoch: the run's seed, the epoch and the
// rating's index alone pick them, so every rank and a resumed run draw the same.
inline Rng negative_rng(uint64_t seed, uint64_t epoch, uint32_t rating) {
  return Rng(seed ^ (epoch * 0x9E3779B97F4A7C15ull), rating);
}

}  // namespace cinerec
