// The training batch of a ranking term (host/model/ranking_term.h): each rating followed by the
// movies sampled for it.
#pragma once

#include <cstdint>
#include <span>

#include "host/data/dataset/dataset.h"
#include "host/data/dataset/user_items.h"
#include "host/model/batch.h"
#include "host/model/ranking_term.h"

namespace cinerec {

// Overwrites `batch` with, for each rating at `indices`, the rating and then term.negatives movies
// drawn uniformly from those its user did not rate (`rated`, by user), from negative_rng(seed,
// epoch, rating): the same draws on any rank and in a resumed run. A user who rated every movie
// gets rows of weight 0 in their place, so every group keeps its shape; so does a rating below
// term.min_rating (its draws are still made, so every other rating's stay the same).
void gather_ranking_batch(const Dataset& data, std::span<const uint32_t> indices, uint64_t step,
                          const RankingTerm& term, const UserItems& rated, uint64_t seed,
                          uint64_t epoch, Batch& batch);

}  // namespace cinerec
