// ENMF (model.kind = "enmf", docs/baselines.md), as RecBole's: user and movie embeddings
// (user_embedding [users, d], movie_embedding [movies, d]) and the prediction weights h
// (h [d], RecBole's H_i), Xavier-normal initialised, the score h . (p_u ⊙ q_i), trained per step
// on the whole-data loss of host/baselines/enmf_loss.h: the step's positives (training ratings >=
// eval.relevance_threshold) give its rows, each row its user with all the user's training
// positives (a user rated twice in the step is two rows, as RecBole's interaction batches have
// it), the user embedding under dropout (seeded by the run's seed, the step and the rating, so a
// resumed run draws the same); then dense Adam over every parameter. Tower features: h ⊙ p_u and
// q_i.
#pragma once

#include "host/baselines/implicit_baseline.h"

namespace cinerec {

struct EnmfModel {
  EnmfModel(size_t users, size_t movies, const EnmfConfig& config);
  size_t dim;
  ParamLayout layout;
  TensorRef users, movies, weights;
};

class EnmfBackend final : public ImplicitBaseline {
 public:
  EnmfBackend(size_t users, size_t movies, const EnmfConfig& config,
              const OptimizerSettings& optimizer, double positive_threshold, uint64_t seed);
  size_t feature_dim() const override { return model_.dim; }
  const ParamLayout& layout() const override { return model_.layout; }

 private:
  double train_ratings(std::span<const uint32_t> ratings) override;
  double positives_term(std::span<const uint32_t> ratings);
  double regularisation();
  void user_vector(uint32_t user, float* out) const override;
  void movie_vector(uint32_t movie, float* out) const override;

  EnmfModel model_;
  EnmfConfig config_;
};

}  // namespace cinerec
