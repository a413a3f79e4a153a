#include "kernels/dense.cuh"

#include "cuda/cublas_handle.h"
#include "kernels/launch.cuh"

namespace cinerec::kernels {
namespace {

// One thread per (row, column) of y.
__global__ void bias_activation_kernel(uint32_t n, const float* bias, size_t out, Activation act,
                                       float* y, size_t ldy) {
  const uint32_t k = linear_index();
  if (k >= n) return;
  float& v = y[(k / out) * ldy + k % out];
  v += bias[k % out];
  if (act == Activation::kRelu) v = v > 0.0f ? v : 0.0f;
  if (act == Activation::kTanh) v = tanhf(v);
}

__global__ void activation_backward_kernel(uint32_t n, size_t out, Activation act, const float* y,
                                           size_t ldy, float* dy, size_t lddy) {
  const uint32_t k = linear_index();
  if (k >= n) return;
  const size_t i = k / out, j = k % out;
  const float v = y[i * ldy + j];
  float& g = dy[i * lddy + j];
  if (act == Activation::kRelu) g = v > 0.0f ? g : 0.0f;
  if (act == Activation::kTanh) g *= 1.0f - v * v;
}

// Row-major [rows, cols] with leading dimension ld is column-major [cols, rows]: cuBLAS sees every
// matrix transposed, so y = x W is computed as y^T = W^T x^T.
void gemm(cublasHandle_t h, bool trans_a, bool trans_b, size_t m, size_t n, size_t k,
          const float* a, size_t lda, const float* b, size_t ldb, float beta, float* c,
          size_t ldc) {
  const float one = 1.0f;
  CINEREC_CUBLAS_CHECK(cublasSgemm(
      h, trans_a ? CUBLAS_OP_T : CUBLAS_OP_N, trans_b ? CUBLAS_OP_T : CUBLAS_OP_N,
      static_cast<int>(m), static_cast<int>(n), static_cast<int>(k), &one, a, static_cast<int>(lda),
      b, static_cast<int>(ldb), &beta, c, static_cast<int>(ldc)));
}

}  // namespace

void dense_forward(cublasHandle_t cublas, const DenseLayer& l, size_t batch, const float* x,
                   size_t ldx, float* y, size_t ldy, cudaStream_t stream) {
  if (batch == 0) return;
  CINEREC_CUBLAS_CHECK(cublasSetStream(cublas, stream));  // the GEMM on the caller's stream too
  gemm(cublas, false, false, l.out, batch, l.in, l.weight, l.out, x, ldx, 0.0f, y, ldy);
  launch_linear(bias_activation_kernel, batch * l.out, stream, l.bias, l.out, l.act, y, ldy);
}

void dense_backward(cublasHandle_t cublas, const DenseLayer& l, size_t batch, const float* x,
                    size_t ldx, const float* y, size_t ldy, float* dy, size_t lddy, float* dweight,
                    float* dbias, float* dx, size_t lddx, const float* ones, cudaStream_t stream) {
  if (batch == 0) return;
  CINEREC_CUBLAS_CHECK(cublasSetStream(cublas, stream));
  if (l.act != Activation::kNone) {
    launch_linear(activation_backward_kernel, batch * l.out, stream, l.out, l.act, y, ldy, dy,
                  lddy);
  }
  const float one = 1.0f;
  CINEREC_CUBLAS_CHECK(cublasSgemv(cublas, CUBLAS_OP_N, static_cast<int>(l.out),
                                   static_cast<int>(batch), &one, dy, static_cast<int>(lddy), ones,
                                   1, &one, dbias, 1));
  // dW^T[out, in] += dz^T[out, batch] x[batch, in]
  gemm(cublas, false, true, l.out, l.in, batch, dy, lddy, x, ldx, 1.0f, dweight, l.out);
  // dx^T[in, batch] = W[in, out] dz^T[out, batch]
  if (dx != nullptr)
    gemm(cublas, true, false, l.in, batch, l.out, l.weight, l.out, dy, lddy, 0.0f, dx, lddx);
}

}  // namespace cinerec::kernels
