// Biased matrix factorisation (model.kind = "mf", docs/baselines.md), described once: its tensors
// in the flat parameter buffer, which the backend, initialisation, checkpoints and export read.
//   user_factors [users, factors], movie_factors [movies, factors]: N(init_mean, init_std_dev)
//   user_bias [users, 1], movie_bias [movies, 1]: 0
//   global_mean [1]: the training ratings' mean, never trained (Surprise's trainset.global_mean)
#pragma once

#include <cstddef>

#include "host/config/config.h"
#include "host/model/param_layout.h"

namespace cinerec {

struct MfModel {
  MfModel(size_t users, size_t movies, const MfConfig& config);

  MfConfig config;
  ParamLayout layout;
  TensorRef user_factors, movie_factors, user_bias, movie_bias, global_mean;
};

}  // namespace cinerec
