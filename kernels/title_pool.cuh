// The pooling half of the title CNN for the cuDNN path (cuda/title_conv_cudnn.cpp): cuDNN computes
// each window's convolution [batch, filters, positions]; these kernels add the bias, apply ReLU,
// max-pool over positions (first maximum wins, as in kernels/title_conv.cu), apply the dropout
// mask and keep the arg-max, and route gradients back to the winning positions.
#pragma once

#include <cuda_runtime_api.h>

#include <cstddef>
#include <cstdint>

#include "kernels/title_conv.cuh"

namespace cinerec::kernels {

// conv[wi]: [batch, filters, len - window[wi] + 1] without bias.
void title_pool_forward(const TitleConvParams& params, const float* const* conv, size_t batch,
                        const TitleDropout& dropout, float* out, size_t ld_out, int32_t* argmax,
                        cudaStream_t stream);

// dconv[wi] (same shapes) = the gradient after dropout at the arg-max position, zero elsewhere.
void title_pool_backward(const TitleConvParams& params, size_t batch, const TitleDropout& dropout,
                         const int32_t* argmax, const float* dout, size_t ld_dout,
                         float* const* dconv, cudaStream_t stream);

}  // namespace cinerec::kernels
