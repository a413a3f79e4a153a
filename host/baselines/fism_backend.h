// FISM (model.kind = "fism", docs/baselines.md), as RecBole's: source and destination item
// embeddings (item_src_embedding, item_dst_embedding [movies, d], N(0, 0.01)) and user and item
// biases (zero), the logit of host/baselines/fism_loss.h over each user's training positives
// (ratings >= eval.relevance_threshold), and per step the mean cross-entropy over the step's
// positives and one movie per positive drawn uniformly from its user's unrated ones (seeded by
// the run's seed, the epoch and the rating), plus reg_src ‖P‖ + reg_dst ‖Q‖; then dense Adam over
// every parameter. Score vectors: user [n_u^-alpha sum of p_j, 1, b_u], movie [q_i, b_i, 1].
#pragma once

#include "host/baselines/implicit_baseline.h"

namespace cinerec {

struct FismModel {
  FismModel(size_t users, size_t movies, const FismConfig& config);
  size_t dim;
  ParamLayout layout;
  TensorRef src, dst, user_bias, item_bias;
};

class FismBackend final : public ImplicitBaseline {
 public:
  FismBackend(size_t users, size_t movies, const FismConfig& config,
              const OptimizerSettings& optimizer, double positive_threshold, uint64_t seed);
  size_t feature_dim() const override { return model_.dim + 2; }
  const ParamLayout& layout() const override { return model_.layout; }

 private:
  double train_ratings(std::span<const uint32_t> ratings) override;
  void user_vector(uint32_t user, float* out) const override;
  void movie_vector(uint32_t movie, float* out) const override;

  FismModel model_;
  FismConfig config_;
};

}  // namespace cinerec
