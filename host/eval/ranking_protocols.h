// The two ranking protocols of `cinerec eval` (docs/metrics.md). A user's relevant items are the
// movies rated at least the relevance threshold in the evaluated split.
//   full:    each user with relevant items: the top max-K list over every movie not in the
//            user's training set, scored against all the user's relevant items.
//   sampled: each relevant item ranked among `sampled_negatives` movies drawn uniformly, without
//            repeats, from those the user never rated in any split (all of them when fewer).
#pragma once

#include "host/backend/top_k.h"
#include "host/config/config.h"
#include "host/data/dataset/dataset.h"
#include "host/eval/ranking_metrics.h"
#include "host/model/user_movie_vectors.h"

namespace cinerec {

RankingMetrics full_ranking(const UserMovieVectors& vectors, const Dataset& data, Split split,
                            const EvalConfig& config, const TopKScorer& scorer);

RankingMetrics sampled_ranking(const UserMovieVectors& vectors, const Dataset& data, Split split,
                               const EvalConfig& config);

}  // namespace cinerec
