#include "host/baselines/din_model.h"

#include <string>

#include "host/baselines/xavier_normal.h"

namespace cinerec {
namespace {

DinLayer add_layer(ParamLayout& layout, const std::string& name, size_t in, size_t out) {
  return {
      in, out,
      layout.add_normal(name + ".weight", {in, out}, ParamKind::kWeight, 0.0, xavier_std(in, out)),
      layout.add(name + ".bias", {out}, ParamKind::kBias, ParamInit::kZero)};
}

// The running variance starts at 1, as torch's: a normal-distributed "init" of mean 1, std 0.
DinNorm add_norm(ParamLayout& layout, const std::string& name, size_t width) {
  return {layout.add_normal(name + ".weight", {width}, ParamKind::kWeight, 1.0, 0.0),
          layout.add(name + ".bias", {width}, ParamKind::kBias, ParamInit::kZero),
          layout.add(name + ".running_mean", {width}, ParamKind::kBias, ParamInit::kZero),
          layout.add_normal(name + ".running_var", {width}, ParamKind::kBias, 1.0, 0.0)};
}

}  // namespace

DinModel::DinModel(size_t movies, const DinConfig& config)
    : dim(config.embedding_size),
      max_history(config.max_history),
      item_embedding(layout.add_normal("item_embedding", {movies, dim}, ParamKind::kEmbedding, 0.0,
                                       xavier_std(movies, dim))) {
  size_t in = 4 * dim;
  for (size_t i = 0; i < config.mlp_hidden_size.size(); ++i) {
    const size_t out = config.mlp_hidden_size[i];
    attention.push_back(add_layer(layout, "attention.mlp." + std::to_string(i), in, out));
    in = out;
  }
  attention.push_back(add_layer(layout, "attention.dense", in, 1));
  in = 3 * dim;
  for (size_t i = 0; i < config.mlp_hidden_size.size(); ++i) {
    const size_t out = config.mlp_hidden_size[i];
    dnn.push_back(add_layer(layout, "dnn.mlp." + std::to_string(i), in, out));
    norm.push_back(add_norm(layout, "dnn.bn." + std::to_string(i), out));
    in = out;
  }
  predict = add_layer(layout, "dnn.predict", in, 1);
}

}  // namespace cinerec
