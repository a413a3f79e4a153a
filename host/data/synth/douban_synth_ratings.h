// The ratings table: who rated what (douban_synth_pairs), a latent mean
// m = mu + b_u + b_m + w_u . v_m with each part scaled to a target spread, ordinal rounding at
// cut points that give the target histogram, a few deliberate repeats of a (user, movie) pair,
// and the Bayes-floor MSE of the true model.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "host/common/rng.h"
#include "host/data/synth/douban_synth_movies.h"
#include "host/data/synth/douban_synth_ordinal.h"
#include "host/data/synth/douban_synth_users.h"

namespace cinerec::synth {

struct RatingRow {
  int64_t timestamp;  // Unix seconds
  uint32_t user;      // index into SynthUsers
  uint32_t movie;     // index into SynthMovies
  uint8_t rating;     // 1..5
};

struct SignalScales {
  double user_bias;
  double movie_bias;
  double interaction;
};

struct SynthRatings {
  std::vector<RatingRow> rows;  // by time
  size_t repeated_pairs = 0;
  SignalScales scales{};  // multipliers applied to the unscaled parts
  CutPoints cuts{};
  Histogram realised{};  // share of each rating 1..5
  double bayes_floor_mse = 0.0;
  double global_mean_mse = 0.0;  // variance of the ratings
};

// `count` rows in all, repeats included; count <= users * movies.
SynthRatings generate_ratings(const SynthUsers& users, const SynthMovies& movies, size_t count,
                              size_t dim, Rng& rng);

// The share of each rating 1..5 the cut points aim for.
const Histogram& target_histogram();

// The constants of the rating model (mu, sigma, target spreads and histogram, time range).
nlohmann::json rating_parameters();

}  // namespace cinerec::synth
