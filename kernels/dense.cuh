// Fully connected layers on the GPU (CUDA twin of host/cpu/dense.cpp): y = act(x W + b) with W
// stored [in, out] row-major. The products run on cuBLAS (fp32); bias, activation and their
// gradients in small kernels. Row strides let a layer read and write slices of a concatenation.
#pragma once

#include <cublas_v2.h>
#include <cuda_runtime_api.h>

#include <cstddef>

namespace cinerec::kernels {

enum class Activation { kNone, kRelu, kTanh };

struct DenseLayer {
  size_t in = 0, out = 0;
  const float* weight = nullptr;  // [in, out]
  const float* bias = nullptr;    // [out]
  Activation act = Activation::kNone;
};

// y[batch, out] (row stride ldy) from x[batch, in] (row stride ldx).
void dense_forward(cublasHandle_t cublas, const DenseLayer& layer, size_t batch, const float* x,
                   size_t ldx, float* y, size_t ldy, cudaStream_t stream);

// As the CPU twin: dy holds dL/dy and becomes dL/d(pre-activation) in place (using the forward
// output y); dweight += x^T dz, dbias += column sums of dz (via a product with `ones`, a device
// vector of at least `batch` ones); dx = dz W^T when dx is not null.
void dense_backward(cublasHandle_t cublas, const DenseLayer& layer, size_t batch, const float* x,
                    size_t ldx, const float* y, size_t ldy, float* dy, size_t lddy, float* dweight,
                    float* dbias, float* dx, size_t lddx, const float* ones, cudaStream_t stream);

}  // namespace cinerec::kernels
