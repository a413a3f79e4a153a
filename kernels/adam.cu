#include "kernels/adam.cuh"

#include "cuda/cuda_check.h"
#include "kernels/launch.cuh"

namespace cinerec::kernels {
namespace {

constexpr unsigned kThreads = 256;

__global__ void adam_dense_kernel(float* p, const float* g, float* m, float* v, size_t n,
                                  const AdamStep* step) {
  const AdamStep s = *step;
  for (size_t i = blockIdx.x * size_t{blockDim.x} + threadIdx.x; i < n;
       i += size_t{gridDim.x} * blockDim.x) {
    adam_update(p[i], g[i], m[i], v[i], s);
  }
}

__global__ void adam_rows_kernel(float* p, const float* g, float* m, float* v, size_t dim,
                                 const uint32_t* rows, size_t count, const AdamStep* step) {
  const AdamStep s = *step;
  for (size_t k = blockIdx.x * size_t{blockDim.x} + threadIdx.x; k < count * dim;
       k += size_t{gridDim.x} * blockDim.x) {
    const long long i = row_element(rows, dim, k);
    if (i >= 0) adam_update(p[i], g[i], m[i], v[i], s);
  }
}

__global__ void weight_decay_kernel(float* g, const float* p, size_t dim, const uint32_t* rows,
                                    size_t count, float weight_decay) {
  for (size_t k = blockIdx.x * size_t{blockDim.x} + threadIdx.x; k < count * dim;
       k += size_t{gridDim.x} * blockDim.x) {
    const long long i = row_element(rows, dim, k);
    if (i >= 0) g[i] += weight_decay * p[i];
  }
}

}  // namespace

void adam_dense(float* p, const float* g, float* m, float* v, size_t n, const AdamStep* step,
                cudaStream_t stream) {
  if (n == 0) return;
  adam_dense_kernel<<<grid_for(n, kThreads), kThreads, 0, stream>>>(p, g, m, v, n, step);
  CINEREC_CUDA_CHECK(cudaGetLastError());
}

void adam_rows(float* p, const float* g, float* m, float* v, size_t dim, const uint32_t* rows,
               size_t count, const AdamStep* step, cudaStream_t stream) {
  if (count == 0 || dim == 0) return;
  adam_rows_kernel<<<grid_for(count * dim, kThreads), kThreads, 0, stream>>>(p, g, m, v, dim, rows,
                                                                             count, step);
  CINEREC_CUDA_CHECK(cudaGetLastError());
}

void add_row_weight_decay(float* g, const float* p, size_t dim, const uint32_t* rows, size_t count,
                          float weight_decay, cudaStream_t stream) {
  if (count == 0 || dim == 0) return;
  weight_decay_kernel<<<grid_for(count * dim, kThreads), kThreads, 0, stream>>>(
      g, p, dim, rows, count, weight_decay);
  CINEREC_CUDA_CHECK(cudaGetLastError());
}

}  // namespace cinerec::kernels
