// DIN's parameters (model.kind = "din"), described once: every tensor's place in the flat buffer,
// which the network (host/baselines/din_network.h) reads in float for training and in double
// for the gradient check. As RecBole's DIN with item ids as the only feature: item embeddings
// [movies, d]; the attention unit's layers 4d -> h_1 -> ... -> h_n (sigmoid) and its dense
// h_n -> 1; the DNN's layers 3d -> h_1 -> ... -> h_n, each with BatchNorm1d (gamma, beta and the
// running mean and variance, which are no parameters in torch but go in the buffer so that a
// checkpoint holds them: their gradient stays zero, so Adam leaves them alone) and Dice; the
// prediction layer h_n -> 1. Weights are stored [in, out] (torch's Linear transposed),
// initialised by xavier_normal_ as RecBole's, biases zero.
#pragma once

#include <vector>

#include "host/config/config.h"
#include "host/model/param_layout.h"

namespace cinerec {

struct DinLayer {
  size_t in = 0, out = 0;
  TensorRef weight, bias;  // [in, out], [out]
};

struct DinNorm {
  TensorRef gamma, beta, running_mean, running_var;  // [width] each
};

struct DinModel {
  DinModel(size_t movies, const DinConfig& config);
  size_t dim, max_history;
  ParamLayout layout;
  TensorRef item_embedding;
  std::vector<DinLayer> attention;  // the sigmoid layers, then the dense -> 1
  std::vector<DinLayer> dnn;        // each followed by norm[i] and Dice
  std::vector<DinNorm> norm;
  DinLayer predict;
};

}  // namespace cinerec
