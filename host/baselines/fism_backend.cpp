#include "host/baselines/fism_backend.h"

#include <algorithm>

#include "host/baselines/fism_loss.h"
#include "host/baselines/norm_penalty.h"

namespace cinerec {

FismModel::FismModel(size_t user_count, size_t movie_count, const FismConfig& config)
    : dim(config.embedding_size),
      src(layout.add_normal("item_src_embedding", {movie_count, dim}, ParamKind::kEmbedding, 0.0,
                            0.01)),
      dst(layout.add_normal("item_dst_embedding", {movie_count, dim}, ParamKind::kEmbedding, 0.0,
                            0.01)),
      user_bias(layout.add("user_bias", {user_count}, ParamKind::kBias, ParamInit::kZero)),
      item_bias(layout.add("item_bias", {movie_count}, ParamKind::kBias, ParamInit::kZero)) {}

FismBackend::FismBackend(size_t users, size_t movies, const FismConfig& config,
                         const OptimizerSettings& optimizer, double positive_threshold,
                         uint64_t seed)
    : ImplicitBaseline(optimizer, positive_threshold, seed),
      model_(users, movies, config),
      config_(config) {
  allocate();
}

double FismBackend::train_ratings(std::span<const uint32_t> ratings) {
  std::vector<FismSample> samples;
  for (const uint32_t r : ratings) {
    if (!is_positive(r)) continue;
    const uint32_t user = data().rating_user()[r];
    samples.push_back({user, data().rating_movie()[r], true});
    if (const auto negative = draw_negative(r)) samples.push_back({user, *negative, false});
  }
  if (samples.empty()) return 0.0;
  const std::span<const float> p(params());
  const FismWeights<float> w{model_.dim, model_.src.in(p).data(), model_.dst.in(p).data(),
                             model_.user_bias.in(p).data(), model_.item_bias.in(p).data()};
  // The step's cross-entropy summed over its samples (take_loss_sum's convention; the gradient is
  // the mean's, as RecBole's BCELoss), plus the regularisers.
  double loss =
      static_cast<double>(samples.size()) *
      fism_loss<float>(w, positives(), samples, config_.alpha, model_.src.in(grads().data()),
                       model_.dst.in(grads().data()), model_.user_bias.in(grads().data()),
                       model_.item_bias.in(grads().data()));
  loss += config_.reg_src *
          add_norm_gradient(model_.src.in(p), config_.reg_src, model_.src.in(grads().data()));
  loss += config_.reg_dst *
          add_norm_gradient(model_.dst.in(p), config_.reg_dst, model_.dst.in(grads().data()));
  adam_update();
  return loss;
}

void FismBackend::user_vector(uint32_t user, float* out) const {
  const std::span<const float> p(params());
  const FismWeights<float> w{model_.dim, model_.src.in(p).data(), model_.dst.in(p).data(),
                             model_.user_bias.in(p).data(), model_.item_bias.in(p).data()};
  const float c = fism_user_sum(w, positives().row(user), kNoneLeftOut, config_.alpha, out);
  for (size_t k = 0; k < model_.dim; ++k)
    out[k] *= c;
  out[model_.dim] = 1.0f;
  out[model_.dim + 1] = w.user_bias[user];
}

void FismBackend::movie_vector(uint32_t movie, float* out) const {
  const std::span<const float> p(params());
  std::copy_n(model_.dst.in(p).data() + size_t{movie} * model_.dim, model_.dim, out);
  out[model_.dim] = model_.item_bias.in(p)[movie];
  out[model_.dim + 1] = 1.0f;
}

}  // namespace cinerec
