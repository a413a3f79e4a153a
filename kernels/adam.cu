#include "kernels/adam.cuh"

#include <algorithm>

#include "kernels/launch.cuh"

namespace cinerec::kernels {
namespace {

// Launches address at most 2^31 elements at a time.
constexpr size_t kDenseChunk = size_t{1} << 31;

__global__ void adam_dense_kernel(uint32_t n, float* p, const float* g, float* m, float* v,
                                  const AdamStep* step) {
  const uint32_t i = linear_index();
  if (i >= n) return;
  adam_update(p[i], g[i], m[i], v[i], *step);
}

// One thread per element of the listed rows.
__global__ void adam_rows_kernel(uint32_t n, float* p, const float* g, float* m, float* v,
                                 size_t dim, const uint32_t* rows, const AdamStep* step) {
  const uint32_t k = linear_index();
  if (k >= n) return;
  const long long i = row_element(rows, dim, k);
  if (i >= 0) adam_update(p[i], g[i], m[i], v[i], *step);
}

__global__ void weight_decay_kernel(uint32_t n, float* g, const float* p, size_t dim,
                                    const uint32_t* rows, float weight_decay) {
  const uint32_t k = linear_index();
  if (k >= n) return;
  const long long i = row_element(rows, dim, k);
  if (i >= 0) g[i] += weight_decay * p[i];
}

}  // namespace

void adam_dense(float* p, const float* g, float* m, float* v, size_t n, const AdamStep* step,
                cudaStream_t stream) {
  for (size_t at = 0; at < n; at += kDenseChunk) {
    launch_linear(adam_dense_kernel, std::min(kDenseChunk, n - at), stream, p + at, g + at, m + at,
                  v + at, step);
  }
}

void adam_rows(float* p, const float* g, float* m, float* v, size_t dim, const uint32_t* rows,
               size_t count, const AdamStep* step, cudaStream_t stream) {
  launch_linear(adam_rows_kernel, count * dim, stream, p, g, m, v, dim, rows, step);
}

void add_row_weight_decay(float* g, const float* p, size_t dim, const uint32_t* rows, size_t count,
                          float weight_decay, cudaStream_t stream) {
  launch_linear(weight_decay_kernel, count * dim, stream, g, p, dim, rows, weight_decay);
}

}  // namespace cinerec::kernels
