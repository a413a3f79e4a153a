// The order in which an epoch visits the training ratings: a stable sort by the counter-based
// key of docs/model.md, so every implementation (and a resumed run) sees the same batches.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace cinerec {

std::vector<uint32_t> epoch_order(std::span<const uint32_t> train_indices, uint64_t seed,
                                  uint64_t epoch);

}  // namespace cinerec
