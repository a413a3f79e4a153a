// BPR (model.kind = "bpr", docs/baselines.md), as RecBole's: the user and movie embeddings
// (user_embedding [users, d], movie_embedding [movies, d], Xavier-normal), the score p_u . q_i,
// and per step the mean BPR loss (host/baselines/bpr_loss.h) over the step's positives, each
// paired with a negative drawn uniformly from the movies its user did not rate in training
// (seeded by the run's seed, the epoch and the rating, so a resumed run draws the same), then
// dense Adam over every parameter, as torch.optim.Adam on RecBole's embeddings. Tower features:
// p_u and q_i themselves.
#pragma once

#include "host/baselines/implicit_baseline.h"

namespace cinerec {

struct BprModel {
  BprModel(size_t users, size_t movies, const BprConfig& config);
  size_t dim;
  ParamLayout layout;
  TensorRef users, movies;
};

class BprBackend final : public ImplicitBaseline {
 public:
  BprBackend(size_t users, size_t movies, const BprConfig& config,
             const OptimizerSettings& optimizer, double positive_threshold, uint64_t seed);
  size_t feature_dim() const override { return model_.dim; }
  const ParamLayout& layout() const override { return model_.layout; }

 private:
  double train_ratings(std::span<const uint32_t> ratings) override;
  void user_vector(uint32_t user, float* out) const override;
  void movie_vector(uint32_t movie, float* out) const override;

  BprModel model_;
};

}  // namespace cinerec
