// The user and movie tower outputs (u and m of docs/model.md) for every user and every movie of a
// dataset, computed through a backend in batches: what retrieval, export and the recommendation
// lists start from.
#pragma once

#include "host/backend/backend.h"
#include "host/data/dataset.h"
#include "host/retrieval/user_movie_vectors.h"

namespace cinerec {

using TowerFeatures = UserMovieVectors;

// A run of consecutive user or movie indices.
struct IndexRange {
  size_t first = 0, count = 0;
};

TowerFeatures compute_tower_features(Backend& backend, const Dataset& data, size_t batch_size);
// Only users [users.first, +count) and movies [movies.first, +count), rows in that order.
TowerFeatures compute_tower_features(Backend& backend, const Dataset& data, size_t batch_size,
                                     IndexRange users, IndexRange movies);

}  // namespace cinerec
