// The paper's own protocol (its eq. 8 and Table 10; docs/metrics.md, "rated"): each user's rated
// movies of the evaluated split ranked by predicted rating, NDCG@K graded by the true rating; and
// "liked" as a classification: a predicted rating at least the relevance threshold is a predicted
// positive, a true rating at least the threshold a positive. The figures are far higher than any
// full-catalogue ranking's: the candidates are only the movies the user did rate.
#pragma once

#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "host/backend/ranking_scores.h"
#include "host/comm/communicator.h"
#include "host/config/config.h"
#include "host/data/dataset/dataset.h"

namespace cinerec {

struct RatedMetrics {
  std::vector<size_t> cutoffs;
  std::vector<double> ndcg_sums;  // per cutoff, over users
  double users = 0;               // users with a rating in the split
  double tp = 0, fp = 0, fn = 0, tn = 0;

  // {"ndcg@10": ..., "ndcg@50": ..., "users": N, "precision": TP/(TP+FP), "recall": TP/(TP+FN),
  //  "accuracy": ..., "tp": ..., "fp": ..., "fn": ..., "tn": ...}; a ratio with a zero
  // denominator is 0.
  nlohmann::json to_json() const;
};

// A collective over `world`: each rank takes its contiguous share of the users and the sums are
// added up (counts exact, NDCG to ~1e-15 relative).
RatedMetrics rated_ranking(const RankingScores& scores, const Dataset& data, Split split,
                           const EvalConfig& config,
                           Communicator& world = SingleProcess::instance());

// NDCG@k of `ratings` (true ratings, in the order the model ranked them) with linear gains:
// DCG = sum over the first k of rating / log2(position + 1), divided by the DCG of the ratings
// sorted best first; 0 when every rating is 0.
double graded_ndcg(const std::vector<float>& ranked_ratings, size_t k);

}  // namespace cinerec
