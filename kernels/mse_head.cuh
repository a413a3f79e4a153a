// The prediction head and the fused MSE backward on the GPU (CUDA twin of host/cpu/mse_head.cpp).
// One warp per batch row computes the prediction (dot or FC head, plus the bias terms), the
// squared error, d_pred = dL/dpred, and the gradients du, dm of both towers' last layers before
// their tanh, in one pass over u and m.
#pragma once

#include <cuda_runtime_api.h>

#include <cstddef>
#include <cstdint>

#include "host_device/head_params.h"

namespace cinerec::kernels {

// The CPU twin's parameter struct: plain pointers, so the same one serves the device.
using HeadParams = cinerec::HeadParams<float>;

void head_forward(const HeadParams& head, size_t n, const float* u, const float* m,
                  const uint32_t* users, const uint32_t* movies, float* pred, cudaStream_t stream);

// Writes pred, d_pred, du, dm ([n, features]) and sq_err[i] = (pred[i] - rating[i])^2.
// *mean_over (device memory, so a captured graph serves every step) is the row count the loss is
// a mean over: n for a whole batch, the global batch's for a rank's part of it
// (host/cpu/mse_head.h).
void mse_head_backward(const HeadParams& head, size_t n, const float* u, const float* m,
                       const uint32_t* users, const uint32_t* movies, const float* rating,
                       const uint64_t* mean_over, float* pred, float* d_pred, float* du, float* dm,
                       float* sq_err, cudaStream_t stream);

// *total += sum of values[0..n), in a fixed order (one block), in double.
void accumulate_sum(const float* values, size_t n, double* total, cudaStream_t stream);

}  // namespace cinerec::kernels
