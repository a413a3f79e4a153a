// Rating-prediction metrics over a split: MSE, RMSE, MAE.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include <nlohmann/json.hpp>

#include "host/backend/backend.h"
#include "host/comm/communicator.h"
#include "host/data/dataset/dataset.h"

namespace cinerec {

struct RatingMetrics {
  double mse = 0.0, rmse = 0.0, mae = 0.0;
  size_t count = 0;
  nlohmann::json to_json() const;
};

// Over `world`'s ranks, each predicting its contiguous share of `indices` (a collective); the
// sums are reduced in double, so N ranks agree with one process to ~1e-15 relative.
RatingMetrics evaluate_ratings(Backend& backend, const Dataset& data,
                               std::span<const uint32_t> indices, size_t batch_size,
                               Communicator& world = SingleProcess::instance());

}  // namespace cinerec
