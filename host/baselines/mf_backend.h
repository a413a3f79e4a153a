// Biased matrix factorisation trained as Surprise's SVD (host/baselines/mf_sgd.h,
// docs/baselines.md): one SGD step per training rating, in the epoch order. Its tower features
// are its score vectors, user [p_u, 1, mean + b_u] and movie [q_i, b_i, 1], whose dot product is
// the predicted rating, so eval, score, recommend and export serve it through the vector top-k.
#pragma once

#include "host/baselines/baseline_backend.h"
#include "host/baselines/mf_model.h"

namespace cinerec {

class MfBackend final : public BaselineBackend {
 public:
  MfBackend(size_t users, size_t movies, const MfConfig& config);
  size_t feature_dim() const override { return model_.config.factors + 2; }
  const ParamLayout& layout() const override { return model_.layout; }

 private:
  double train_ratings(std::span<const uint32_t> ratings) override;
  double train_rating(uint32_t index);
  float predict_rating(uint32_t user, uint32_t movie) const override;
  void user_vector(uint32_t user, float* out) const override;
  void movie_vector(uint32_t movie, float* out) const override;

  MfModel model_;
  std::vector<double> p_, q_;  // one rating's factors in double, reused
};

}  // namespace cinerec
