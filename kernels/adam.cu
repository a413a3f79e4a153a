#include "kernels/adam.cuh"

#include "cuda/cuda_check.h"
#include "kernels/launch.cuh"

namespace cinerec::kernels {
namespace {

constexpr unsigned kThreads = 256;

__global__ void adam_dense_kernel(float* p, const float* g, float* m, float* v, size_t n,
                                  AdamStepConstants step) {
  for (size_t i = blockIdx.x * size_t{blockDim.x} + threadIdx.x; i < n;
       i += size_t{gridDim.x} * blockDim.x) {
    adam_update(p[i], g[i], m[i], v[i], step);
  }
}

__global__ void adam_rows_kernel(float* p, const float* g, float* m, float* v, size_t dim,
                                 const uint32_t* rows, size_t count, AdamStepConstants step) {
  const size_t total = count * dim;
  for (size_t k = blockIdx.x * size_t{blockDim.x} + threadIdx.x; k < total;
       k += size_t{gridDim.x} * blockDim.x) {
    const size_t i = size_t{rows[k / dim]} * dim + k % dim;
    adam_update(p[i], g[i], m[i], v[i], step);
  }
}

}  // namespace

void adam_dense(float* p, const float* g, float* m, float* v, size_t n,
                const AdamStepConstants& step, cudaStream_t stream) {
  if (n == 0) return;
  adam_dense_kernel<<<grid_for(n, kThreads), kThreads, 0, stream>>>(p, g, m, v, n, step);
  CINEREC_CUDA_CHECK(cudaGetLastError());
}

void adam_rows(float* p, const float* g, float* m, float* v, size_t dim, const uint32_t* rows,
               size_t count, const AdamStepConstants& step, cudaStream_t stream) {
  if (count == 0 || dim == 0) return;
  adam_rows_kernel<<<grid_for(count * dim, kThreads), kThreads, 0, stream>>>(p, g, m, v, dim, rows,
                                                                             count, step);
  CINEREC_CUDA_CHECK(cudaGetLastError());
}

}  // namespace cinerec::kernels
