// Pop (model.kind = "pop", docs/baselines.md): movies ranked by their number of training
// positives (ratings >= eval.relevance_threshold, the implicit feedback every implicit model
// learns from), the floor every ranking model must clear (RecBole's Pop). Its "training" counts
// the first epoch's positives (later epochs count nothing, so train.epochs changes nothing); as a
// rating predictor it is the training mean, whose MSE is the floor a rating model must clear.
// Tower features: user [1], movie [its count].
#pragma once

#include "host/baselines/baseline_backend.h"

namespace cinerec {

// Its tensors: movie_count [movies] and global_mean [1] (the training ratings' mean).
struct PopModel {
  explicit PopModel(size_t movies);
  ParamLayout layout;
  TensorRef counts, global_mean;
};

class PopBackend final : public BaselineBackend {
 public:
  PopBackend(size_t movies, double positive_threshold);
  size_t feature_dim() const override { return 1; }
  const ParamLayout& layout() const override { return model_.layout; }

 private:
  double train_ratings(std::span<const uint32_t> ratings) override;
  float predict_rating(uint32_t user, uint32_t movie) const override;
  void user_vector(uint32_t user, float* out) const override;
  void movie_vector(uint32_t movie, float* out) const override;

  PopModel model_;
  float positive_threshold_;
};

}  // namespace cinerec
