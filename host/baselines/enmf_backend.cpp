#include "host/baselines/enmf_backend.h"

#include <algorithm>
#include <cmath>

#include "host/baselines/enmf_loss.h"
#include "host/baselines/norm_penalty.h"
#include "host/baselines/xavier_normal.h"
#include "host/common/rng.h"

namespace cinerec {

EnmfModel::EnmfModel(size_t user_count, size_t movie_count, const EnmfConfig& config)
    : dim(config.embedding_size),
      users(layout.add_normal("user_embedding", {user_count, dim}, ParamKind::kEmbedding, 0.0,
                              xavier_std(user_count, dim))),
      movies(layout.add_normal("movie_embedding", {movie_count, dim}, ParamKind::kEmbedding, 0.0,
                               xavier_std(movie_count, dim))),
      // nn.Linear(d, 1, bias=False): weight [1, d], fan_in d, fan_out 1.
      weights(layout.add_normal("h", {dim}, ParamKind::kWeight, 0.0, xavier_std(dim, 1))) {}

EnmfBackend::EnmfBackend(size_t users, size_t movies, const EnmfConfig& config,
                         const OptimizerSettings& optimizer, double positive_threshold,
                         uint64_t seed)
    : ImplicitBaseline(optimizer, positive_threshold, seed),
      model_(users, movies, config),
      config_(config) {
  allocate();
}

// Each positive's row: its user's embedding under dropout (RecBole's nn.Dropout, scaled by
// 1 / (1 - p)) against all the user's positives.
double EnmfBackend::positives_term(std::span<const uint32_t> ratings) {
  const size_t d = model_.dim;
  const float* p = model_.users.in(params().data());
  const float* q = model_.movies.in(params().data());
  const float* h = model_.weights.in(params().data());
  float* gp = model_.users.in(grads().data());
  float* gq = model_.movies.in(grads().data());
  float* gh = model_.weights.in(grads().data());
  const auto keep = static_cast<float>(1.0 - config_.dropout_prob);
  std::vector<float> pd(d), mask(d), gpd(d);
  const uint64_t step = mutable_state().adam_step;
  double loss = 0.0;
  for (const uint32_t r : ratings) {
    if (!is_positive(r)) continue;
    const uint32_t user = data().rating_user()[r];
    Rng rng(seed() ^ (step * 0x9E3779B97F4A7C15ull), r);
    for (size_t k = 0; k < d; ++k) {
      mask[k] = rng.uniform() < keep ? 1.0f / keep : 0.0f;
      pd[k] = p[size_t{user} * d + k] * mask[k];
    }
    std::ranges::fill(gpd, 0.0f);
    loss += enmf_positives<float>(pd.data(), positives().row(user), q, h, d,
                                  static_cast<float>(config_.negative_weight), gpd.data(), gq, gh);
    for (size_t k = 0; k < d; ++k)
      gp[size_t{user} * d + k] += gpd[k] * mask[k];
  }
  return loss;
}

double EnmfBackend::regularisation() {
  if (config_.reg_weight == 0.0) return 0.0;
  return config_.reg_weight *
         (add_norm_gradient(model_.users.in(std::span<const float>(params())), config_.reg_weight,
                            model_.users.in(grads().data())) +
          add_norm_gradient(model_.movies.in(std::span<const float>(params())), config_.reg_weight,
                            model_.movies.in(grads().data())));
}

double EnmfBackend::train_ratings(std::span<const uint32_t> ratings) {
  const bool any = std::ranges::any_of(ratings, [&](uint32_t r) { return is_positive(r); });
  if (!any) return 0.0;
  const size_t d = model_.dim;
  const float* p = model_.users.in(params().data());
  const float* q = model_.movies.in(params().data());
  const float* h = model_.weights.in(params().data());
  double loss = enmf_whole_data<float>(
      p, data().num_users(), q, data().num_movies(), h, d,
      static_cast<float>(config_.negative_weight), model_.users.in(grads().data()),
      model_.movies.in(grads().data()), model_.weights.in(grads().data()));
  loss += positives_term(ratings);
  loss += regularisation();
  adam_update();
  return loss;
}

void EnmfBackend::user_vector(uint32_t user, float* out) const {
  const float* p = model_.users.in(params().data()) + size_t{user} * model_.dim;
  const float* h = model_.weights.in(params().data());
  for (size_t k = 0; k < model_.dim; ++k)
    out[k] = h[k] * p[k];
}

void EnmfBackend::movie_vector(uint32_t movie, float* out) const {
  std::copy_n(model_.movies.in(params().data()) + size_t{movie} * model_.dim, model_.dim, out);
}

}  // namespace cinerec
