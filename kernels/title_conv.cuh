// The title text-CNN on the GPU (CUDA twin of host/cpu/title_conv.cpp plus the title dropout of
// host/cpu/model_pass.cpp). The forward kernel gathers the title's token embeddings, runs every
// window's filters, adds the bias, applies ReLU, max-pools over positions, applies the dropout
// mask of docs/model.md and keeps the arg-max positions. The backward kernels use those to
// produce filter, bias and per-position token gradients, each summed in a fixed order
// (deterministic, no atomics): per 64-row slice of the batch, then over the slices.
#pragma once

#include <cuda_runtime_api.h>

#include <cstddef>
#include <cstdint>

#include "host_device/determinism.h"

namespace cinerec::kernels {

inline constexpr size_t kMaxTitleWindows = 8;

struct TitleConvParams {
  size_t len = 0, dim = 0, filters = 0, windows = 0;
  size_t window[kMaxTitleWindows] = {};
  const float* weight[kMaxTitleWindows] = {};  // [filters, window, dim]
  const float* bias[kMaxTitleWindows] = {};    // [filters]
  CINEREC_HOST_DEVICE size_t features() const { return windows * filters; }
};

struct TitleDropout {
  bool train = false;
  uint64_t seed = 0;
  const uint64_t* step = nullptr;  // device memory: the global step (read when training)
  uint32_t threshold = 0;          // dropout_threshold(p)
  float keep_scale = 1.0f;         // 1 / (1 - p)
  // Device memory: the row of batch row 0 in the global batch (across ranks); nullptr: 0.
  const uint64_t* first_row = nullptr;

  // The factor dropout applies to feature k of batch row b: 0 or keep_scale when training, else
  // 1. Called by kernels only, as `step` lives in device memory; marked host-device so that host
  // code (cuda/model_pass.cpp) can include this header.
  CINEREC_HOST_DEVICE float scale(size_t b, size_t k, size_t features) const {
    if (!train) return 1.0f;
    const uint64_t row = (first_row != nullptr ? *first_row : 0) + b;
    return dropout_keep(seed, *step, row, k, features, threshold) ? keep_scale : 0.0f;
  }
};

// token_table [tokens, dim]; titles [batch, len] token ids; out [batch, features] with row stride
// ld_out; argmax [batch, features] (-1 where the ReLU is closed).
void title_conv_forward(const TitleConvParams& conv, const float* token_table,
                        const uint32_t* titles, size_t batch, const TitleDropout& dropout,
                        float* out, size_t ld_out, int32_t* argmax, cudaStream_t stream);

// dout [batch, features] (row stride ld_dout) is the gradient after dropout. Accumulates into
// dweight/dbias (per window) and overwrites dtokens [batch, len, dim] (the gradient of each
// gathered token row, for the embedding backward). `scratch` holds
// title_conv_backward_scratch(conv, batch) floats.
void title_conv_backward(const TitleConvParams& conv, const float* token_table,
                         const uint32_t* titles, size_t batch, const TitleDropout& dropout,
                         const int32_t* argmax, const float* dout, size_t ld_dout,
                         float* const* dweight, float* const* dbias, float* dtokens, float* scratch,
                         cudaStream_t stream);
size_t title_conv_backward_scratch(const TitleConvParams& conv, size_t batch);

}  // namespace cinerec::kernels
