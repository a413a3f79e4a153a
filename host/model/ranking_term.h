// The CNN's optional top-N ranking term (docs/model.md "Ranking term"): beside each training
// rating, `negatives` movies its user did not rate in training, and a loss on their predictions
// added to the ratings' squared errors, so the model learns which movies a user watches as well
// as how they rate them; the rating head stays the prediction.
#pragma once

#include <cstddef>
#include <limits>
#include <string>

namespace cinerec {

enum class RankingLoss {
  kNone,       // ratings only (the published model)
  kPointwise,  // weight * (prediction - target)^2 per sampled movie
  kPairwise,   // weight * -log sigmoid(prediction(rated) - prediction(sampled)) per pair
};

RankingLoss parse_ranking_loss(const std::string& name);  // "none" | "pointwise" | "pairwise"

struct RankingTerm {
  RankingLoss loss = RankingLoss::kNone;
  size_t negatives = 0;  // sampled movies per training rating
  float weight = 1.0f;   // of each sampled movie's term, against a rating's squared error's 1
  float target = 0.0f;   // pointwise: the rating a sampled movie is pulled towards
  // Only a rating at least this high gets sampled movies (theirs weigh 0 otherwise):
  // train.ranking_positives = "relevant" sets eval.relevance_threshold, so the term learns the
  // movies a user likes among those they watch, from the positives the implicit models learn from.
  float min_rating = -std::numeric_limits<float>::infinity();
  // The term's gradient reaches the ranking bias alone (train.ranking_detach): the rating head
  // learns from the squared errors only and the ranking score is that rating plus the bias.
  bool detached = false;

  bool active() const { return loss != RankingLoss::kNone && negatives > 0; }
  // A training batch's rows come in groups: the rating, then its sampled movies.
  size_t group() const { return active() ? 1 + negatives : 1; }
};

}  // namespace cinerec
