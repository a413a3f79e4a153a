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

}  // namespace cinerec
