// DIN (model.kind = "din", docs/baselines.md) as RecBole's: the network of
// host/baselines/din_network.h over each user's training positives (ratings >=
// eval.relevance_threshold) in time order (ties by rating order). Training: each positive after
// its user's first (RecBole's sequences start at the second item) attends over the
// max_history positives before it, and one movie drawn uniformly from its user's unrated ones
// (seeded by the run's seed, the epoch and the rating) over the same history, with the label 0;
// per step the mean binary cross-entropy of the step's pairs, BatchNorm on their statistics, then
// dense Adam over every parameter. Evaluation, `score` and `recommend --user`: a pair's logit with
// the user's last max_history training positives as its history. DIN has no user and movie
// vectors; it ranks by the RowScorer it is.
#pragma once

#include "host/baselines/din_model.h"
#include "host/baselines/implicit_baseline.h"

namespace cinerec {

class DinBackend final : public ImplicitBaseline, public RowScorer {
 public:
  // `users` is unused (DIN has no per-user parameters): the other implicit baselines' signature.
  DinBackend(size_t users, size_t movies, const DinConfig& config,
             const OptimizerSettings& optimizer, double positive_threshold, uint64_t seed);
  // Throws std::invalid_argument: the model has no tower features.
  size_t feature_dim() const override;
  const ParamLayout& layout() const override { return model_.layout; }
  // Each user's positives in time order, beside ImplicitBaseline's.
  void prepare_inference(const Dataset& data) override;
  // The pairs' logits (not ratings).
  void predict(const Batch& batch, std::span<float> out) override;
  const RowScorer* row_scorer() const override { return this; }
  size_t num_movies() const override { return movies_; }
  void score_rows(std::span<const uint32_t> users, std::span<float> out) const override;
  void score_movies(uint32_t user, std::span<const uint32_t> movies,
                    std::span<float> out) const override;

 private:
  double train_ratings(std::span<const uint32_t> ratings) override;
  void user_vector(uint32_t, float*) const override { feature_dim(); }
  void movie_vector(uint32_t, float*) const override { feature_dim(); }
  // The user's last max_history training positives.
  std::span<const uint32_t> evaluation_history(uint32_t user) const;
  // The logits of (users[i], movies[i]), in evaluation mode.
  void score_pairs(std::span<const uint32_t> users, std::span<const uint32_t> movies,
                   float* out) const;

  size_t movies_;
  DinModel model_;
  UserItems history_;               // each user's training positives, oldest first
  std::vector<uint32_t> position_;  // a training positive's place in its user's history_ row
};

}  // namespace cinerec
