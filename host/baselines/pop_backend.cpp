#include "host/baselines/pop_backend.h"

namespace cinerec {
PopModel::PopModel(size_t movies)
    : counts(layout.add("movie_count", {movies}, ParamKind::kEmbedding, ParamInit::kZero)),
      global_mean(layout.add("global_mean", {1}, ParamKind::kBias, ParamInit::kGlobalMean)) {}

PopBackend::PopBackend(size_t movies, double positive_threshold)
    : model_(movies), positive_threshold_(static_cast<float>(positive_threshold)) {
  allocate_state();
}

// Counts are whole numbers in float: exact up to 2^24 positives of one movie. The loss: the
// squared errors of predicting the mean, over every rating.
double PopBackend::train_ratings(std::span<const uint32_t> ratings) {
  double loss = 0.0;
  for (const uint32_t index : ratings) {
    const float rating = data().rating_value()[index];
    if (epoch() == 0 && rating >= positive_threshold_)
      model_.counts.in(params().data())[data().rating_movie()[index]] += 1.0f;
    const double err = rating - *model_.global_mean.in(params().data());
    loss += err * err;
  }
  return loss;
}

float PopBackend::predict_rating(uint32_t, uint32_t) const {
  return *model_.global_mean.in(params().data());
}

void PopBackend::user_vector(uint32_t, float* out) const {
  out[0] = 1.0f;
}

void PopBackend::movie_vector(uint32_t movie, float* out) const {
  out[0] = model_.counts.in(params().data())[movie];
}

}  // namespace cinerec
