// Who rates what: power-law user activity (shifted Pareto weights above a floor) and Zipf-like
// movie popularity (shuffled over the movies), with every (user, movie) pair drawn at most once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "host/common/rng.h"

namespace cinerec::synth {

struct RatingPair {
  uint32_t user;
  uint32_t movie;
};

// The activity floor: kMinPerUser, scaled down when there are too few pairs for it.
size_t min_ratings_per_user(size_t users, size_t pairs);

// `count` distinct pairs (count <= users * movies), grouped by user in ascending order.
std::vector<RatingPair> sample_rating_pairs(size_t users, size_t movies, size_t count, Rng& rng);

nlohmann::json pair_parameters();

}  // namespace cinerec::synth
