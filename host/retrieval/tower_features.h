// The user and movie tower outputs (u and m of docs/model.md) for every user and every movie of a
// dataset, computed through a backend in batches: what retrieval, export and the recommendation
// lists start from.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "host/backend/backend.h"
#include "host/data/dataset/dataset.h"
#include "host/model/user_movie_vectors.h"

namespace cinerec {

// Dataset indices of users or of movies, in the order their rows are wanted.
using Indices = std::span<const uint32_t>;
// first, first + 1, ..., first + count - 1.
std::vector<uint32_t> index_range(size_t first, size_t count);

UserMovieVectors compute_tower_features(Backend& backend, const Dataset& data, size_t batch_size);
// Only the listed users' and movies' rows, in that order.
UserMovieVectors compute_tower_features(Backend& backend, const Dataset& data, size_t batch_size,
                                        Indices users, Indices movies);

}  // namespace cinerec
