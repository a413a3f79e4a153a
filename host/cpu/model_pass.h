// Forward and backward of the whole CNN recommender on the CPU, for float (training) and double
// (gradient checks), as ModelWiring describes it. Holds the activations of the last forward pass;
// parameters and gradients live in flat buffers laid out by the wiring's ParamLayout.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "host/cpu/dense.h"
#include "host/cpu/mse_head.h"
#include "host/cpu/title_conv.h"
#include "host/model/batch.h"
#include "host/model/model_wiring.h"

namespace cinerec::cpu {

template <class T>
class ModelPass {
 public:
  explicit ModelPass(const ModelWiring& wiring);

  // Predictions for the batch. With `train`, title dropout uses the mask of (seed, batch.step).
  void forward(std::span<const T> params, const Batch& batch, bool train, uint64_t seed,
               std::span<T> predictions);
  // After forward(): accumulates d(MSE loss)/d(params) into grads and returns the loss: this
  // batch's squared errors over batch.loss_rows() (its mean, unless it is a rank's part).
  T backward(std::span<const T> params, const Batch& batch, std::span<T> grads);
  // The last forward's tower outputs u and m, [batch, feature_dim] row-major.
  std::span<const T> user_features() const {
    return {user_.feat.data(), batch_ * wiring_.spec.feature_dim};
  }
  std::span<const T> movie_features() const {
    return {movie_.feat.data(), batch_ * wiring_.spec.feature_dim};
  }
  // Bytes its activation buffers hold, which training_memory.h's estimate must bound.
  size_t activation_bytes() const;

 private:
  // One tower: its inputs' rows (lookups or bag sums), its concatenation and its output.
  struct Tower {
    std::vector<std::vector<T>> rows;  // per input, [batch, table dim]
    std::vector<T> cat, feat, d_cat, d_feat;
  };

  void resize(size_t batch);
  void forward_inputs(std::span<const T> params, const Batch& b,
                      const std::vector<TowerInput>& inputs, Tower& tower, size_t ld_cat);
  void backward_inputs(std::span<const T> params, const Batch& b,
                       const std::vector<TowerInput>& inputs, Tower& tower, size_t ld_cat,
                       std::span<T> grads);
  void forward_title(std::span<const T> params, const Batch& b, bool train, uint64_t seed);
  void backward_title(std::span<const T> params, const Batch& b, std::span<T> grads);
  void backward_head(const Batch& b, std::span<T> grads);
  TitleConv<T> title_conv(std::span<const T> params) const;
  HeadParams<T> head_params(std::span<const T> params) const;

  const ModelWiring& wiring_;
  size_t batch_ = 0;
  Tower user_, movie_;
  std::vector<T> tokens_, d_tokens_;  // the title's token rows, [batch, title_len, token_dim]
  std::vector<T> dropout_scale_;      // per title feature: 0 or 1/(1-p)
  std::vector<int32_t> argmax_;
  std::vector<T> conv_scratch_;
  std::vector<T> pred_, d_pred_, d_score_, d_in_;
};

}  // namespace cinerec::cpu
