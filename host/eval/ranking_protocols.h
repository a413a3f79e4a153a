// The two ranking protocols of `cinerec eval` (docs/metrics.md). A user's relevant items are the
// movies rated at least the relevance threshold in the evaluated split.
//   full:    each user with relevant items: the top max-K list over every movie not in the
//            user's training set, scored against all the user's relevant items.
//   sampled: each relevant item ranked among `sampled_negatives` movies drawn uniformly, without
//            repeats, from those the user never rated in any split (all of them when fewer).
#pragma once

#include "host/backend/ranking_scores.h"
#include "host/comm/communicator.h"
#include "host/config/config.h"
#include "host/data/dataset/dataset.h"
#include "host/eval/ranking_metrics.h"

namespace cinerec {

// Each over `world`'s ranks (a collective): a rank ranks its contiguous share of the users, and
// the metrics' sums are added up, so every rank returns the job's metrics: the counts exactly
// those of one process, the averages to ~1e-15 relative (the sums' grouping differs).
RankingMetrics full_ranking(const RankingScores& scores, const Dataset& data, Split split,
                            const EvalConfig& config,
                            Communicator& world = SingleProcess::instance());

RankingMetrics sampled_ranking(const RankingScores& scores, const Dataset& data, Split split,
                               const EvalConfig& config,
                               Communicator& world = SingleProcess::instance());

}  // namespace cinerec
