// Synthetic movies: Douban-style ids, skewed genres, topic-bearing titles, and a latent factor
// v_m = a * mean(genre vectors) + b * mean(title topic vectors) + noise (the bias likewise), so
// ids, genres and titles each carry learnable signal.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "host/common/rng.h"

namespace cinerec::synth {

struct SynthMovies {
  std::vector<uint32_t> id;  // ascending, 7 or 8 digits
  std::vector<std::string> title;
  std::vector<std::vector<uint8_t>> genres;  // indices into genre_vocab(), distinct
  std::vector<double> factor;                // movies x dim, row-major
  std::vector<double> bias;                  // unscaled
};

// The most movies that still get distinct ids of at most 8 digits.
size_t max_synth_movies();

SynthMovies generate_movies(size_t count, size_t dim, Rng& rng);

nlohmann::json movie_parameters();

}  // namespace cinerec::synth
