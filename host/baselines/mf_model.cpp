#include "host/baselines/mf_model.h"

namespace cinerec {

MfModel::MfModel(size_t users, size_t movies, const MfConfig& c) : config(c) {
  const size_t f = c.factors;
  user_factors = layout.add_normal("user_factors", {users, f}, ParamKind::kEmbedding, c.init_mean,
                                   c.init_std_dev);
  movie_factors = layout.add_normal("movie_factors", {movies, f}, ParamKind::kEmbedding,
                                    c.init_mean, c.init_std_dev);
  user_bias = layout.add("user_bias", {users, 1}, ParamKind::kEmbedding, ParamInit::kZero);
  movie_bias = layout.add("movie_bias", {movies, 1}, ParamKind::kEmbedding, ParamInit::kZero);
  global_mean = layout.add("global_mean", {1}, ParamKind::kBias, ParamInit::kGlobalMean);
}

}  // namespace cinerec
