// The user and movie tower outputs (u and m of docs/model.md) for every user and every movie of a
// dataset, computed through a backend in batches: what retrieval, export and the recommendation
// lists start from.
#pragma once

#include <cstddef>
#include <vector>

#include "host/backend/backend.h"
#include "host/data/dataset.h"

namespace cinerec {

struct TowerFeatures {
  size_t dim = 0;
  std::vector<float> users;   // [num_users, dim]
  std::vector<float> movies;  // [num_movies, dim]
};

TowerFeatures compute_tower_features(Backend& backend, const Dataset& data, size_t batch_size);

}  // namespace cinerec
