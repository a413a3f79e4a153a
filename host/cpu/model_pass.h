// Forward and backward of the whole CNN recommender on the CPU, for float (training) and double
// (gradient checks). Holds the activations of the last forward pass; parameters and gradients
// live in flat buffers laid out by ParamLayout.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "host/cpu/dense.h"
#include "host/cpu/mse_head.h"
#include "host/cpu/title_conv.h"
#include "host/model/batch.h"
#include "host/model/model_spec.h"
#include "host/model/param_layout.h"

namespace cinerec::cpu {

template <class T>
class ModelPass {
 public:
  ModelPass(const ModelSpec& spec, const ParamLayout& layout);

  // Predictions for the batch. With `train`, title dropout uses the mask of (seed, batch.step).
  void forward(std::span<const T> params, const Batch& batch, bool train, uint64_t seed,
               std::span<T> predictions);
  // After forward(): accumulates d(MSE loss)/d(params) into grads and returns the loss.
  T backward(std::span<const T> params, const Batch& batch, std::span<T> grads);
  // The last forward's tower outputs u and m, [batch, feature_dim] row-major.
  std::span<const T> user_features() const {
    return {user_feat_.data(), batch_ * spec_.feature_dim};
  }
  std::span<const T> movie_features() const {
    return {movie_feat_.data(), batch_ * spec_.feature_dim};
  }
  // Bytes its activation buffers hold, which training_memory.h's estimate must bound.
  size_t activation_bytes() const;

 private:
  void resize(size_t batch);
  Dense<T> dense(std::span<const T> params, const char* name, Activation act) const;
  TitleConv<T> title_conv(std::span<const T> params) const;
  const T* param(std::span<const T> params, const char* name) const;
  T* grad(std::span<T> grads, const char* name) const;
  HeadParams<T> head_params(std::span<const T> params) const;
  void backward_head(const Batch& b, std::span<T> grads);
  void backward_user(std::span<const T> params, const Batch& b, std::span<T> grads);
  void backward_movie(std::span<const T> params, const Batch& b, std::span<T> grads);

  const ModelSpec& spec_;
  const ParamLayout& layout_;
  size_t batch_ = 0;
  // Activations, [batch, width] row-major.
  std::vector<T> user_in_, gender_in_, age_in_, job_in_;  // embedding rows
  std::vector<T> user_cat_, user_feat_;                   // [h_id,h_g,h_a,h_j], u
  std::vector<T> movie_in_, genre_sum_, tokens_;          // e_m, genre bag, title rows
  std::vector<T> movie_cat_, movie_feat_;                 // [m_id,m_g,t], m
  std::vector<T> dropout_scale_;                          // per title feature: 0 or 1/(1-p)
  std::vector<int32_t> argmax_;
  std::vector<T> conv_scratch_;
  // Gradients of the activations.
  std::vector<T> pred_, d_pred_, d_user_feat_, d_movie_feat_, d_user_cat_, d_movie_cat_, d_in_,
      d_tokens_;
};

}  // namespace cinerec::cpu
