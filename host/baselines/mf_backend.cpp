#include "host/baselines/mf_backend.h"

#include <algorithm>

#include "host/baselines/mf_sgd.h"

namespace cinerec {

MfBackend::MfBackend(size_t users, size_t movies, const MfConfig& config)
    : model_(users, movies, config), p_(config.factors), q_(config.factors) {
  allocate_state();
}

// One SGD step per rating, in order: each sees the ones before it.
double MfBackend::train_ratings(std::span<const uint32_t> ratings) {
  double loss = 0.0;
  for (const uint32_t index : ratings)
    loss += train_rating(index);
  return loss;
}

// In double, as Surprise computes, then stored back as the float parameters: the state a
// checkpoint holds is the whole state, so a resumed run continues bitwise.
double MfBackend::train_rating(uint32_t index) {
  const MfConfig& c = model_.config;
  const size_t f = c.factors;
  const uint32_t u = data().rating_user()[index], i = data().rating_movie()[index];
  float* p = model_.user_factors.in(params().data()) + size_t{u} * f;
  float* q = model_.movie_factors.in(params().data()) + size_t{i} * f;
  float* bu = model_.user_bias.in(params().data()) + u;
  float* bi = model_.movie_bias.in(params().data()) + i;
  std::copy_n(p, f, p_.begin());
  std::copy_n(q, f, q_.begin());
  double user_bias = *bu, movie_bias = *bi;
  const double mean = *model_.global_mean.in(params().data());
  const double err =
      mf_sgd_step<double>({p_.data(), q_.data(), &user_bias, &movie_bias}, f, mean,
                          data().rating_value()[index], c.lr_all, c.reg_all, c.biased);
  std::ranges::transform(p_, p, [](double v) { return static_cast<float>(v); });
  std::ranges::transform(q_, q, [](double v) { return static_cast<float>(v); });
  *bu = static_cast<float>(user_bias);
  *bi = static_cast<float>(movie_bias);
  return err * err;
}

// The dot product of the score vectors below, in their order, without making them.
float MfBackend::predict_rating(uint32_t user, uint32_t movie) const {
  const size_t f = model_.config.factors;
  const float* params_data = params().data();
  const float* p = model_.user_factors.in(params_data) + size_t{user} * f;
  const float* q = model_.movie_factors.in(params_data) + size_t{movie} * f;
  double s = 0.0;
  for (size_t k = 0; k < f; ++k)
    s += static_cast<double>(p[k]) * q[k];
  s += model_.movie_bias.in(params_data)[movie];
  s += *model_.global_mean.in(params_data) + model_.user_bias.in(params_data)[user];
  return static_cast<float>(s);
}

void MfBackend::user_vector(uint32_t user, float* out) const {
  const size_t f = model_.config.factors;
  const float* params_data = params().data();
  std::copy_n(model_.user_factors.in(params_data) + size_t{user} * f, f, out);
  out[f] = 1.0f;
  out[f + 1] = *model_.global_mean.in(params_data) + model_.user_bias.in(params_data)[user];
}

void MfBackend::movie_vector(uint32_t movie, float* out) const {
  const size_t f = model_.config.factors;
  const float* params_data = params().data();
  std::copy_n(model_.movie_factors.in(params_data) + size_t{movie} * f, f, out);
  out[f] = model_.movie_bias.in(params_data)[movie];
  out[f + 1] = 1.0f;
}

}  // namespace cinerec
