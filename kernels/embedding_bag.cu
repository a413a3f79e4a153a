#include "kernels/embedding_bag.cuh"

#include <thrust/execution_policy.h>
#include <thrust/sequence.h>
#include <thrust/sort.h>

#include "cuda/cuda_check.h"
#include "kernels/launch.cuh"

namespace cinerec::kernels {
namespace {

constexpr unsigned kThreads = 256;

__global__ void bag_forward_kernel(const float* table, size_t dim, const uint32_t* offsets,
                                   size_t bags, const uint32_t* indices, float* out,
                                   size_t ld_out) {
  for (size_t k = blockIdx.x * size_t{blockDim.x} + threadIdx.x; k < bags * dim;
       k += size_t{gridDim.x} * blockDim.x) {
    const size_t i = k / dim, d = k % dim;
    float sum = 0.0f;
    for (uint32_t j = offsets[i]; j < offsets[i + 1]; ++j)
      sum += table[size_t{indices[j]} * dim + d];
    out[i * ld_out + d] = sum;
  }
}

__global__ void bag_of_kernel(const uint32_t* offsets, size_t bags, uint32_t* bag_of) {
  for (size_t i = blockIdx.x * size_t{blockDim.x} + threadIdx.x; i < bags;
       i += size_t{gridDim.x} * blockDim.x) {
    for (uint32_t j = offsets[i]; j < offsets[i + 1]; ++j)
      bag_of[j] = static_cast<uint32_t>(i);
  }
}

// One thread per (sorted position, column); only the first position of each index's segment
// works, summing the whole segment in position order.
__global__ void segment_sum_kernel(const uint32_t* keys, const uint32_t* positions,
                                   const uint32_t* bag_of, size_t count, size_t dim,
                                   const float* dout, size_t ld_dout, float* dtable) {
  for (size_t k = blockIdx.x * size_t{blockDim.x} + threadIdx.x; k < count * dim;
       k += size_t{gridDim.x} * blockDim.x) {
    const size_t s = k / dim, d = k % dim;
    if (s > 0 && keys[s - 1] == keys[s]) continue;
    float sum = 0.0f;
    for (size_t e = s; e < count && keys[e] == keys[s]; ++e) {
      sum += dout[size_t{bag_of[positions[e]]} * ld_dout + d];
    }
    dtable[size_t{keys[s]} * dim + d] += sum;
  }
}

__global__ void bag_backward_atomic_kernel(const uint32_t* offsets, size_t bags,
                                           const uint32_t* indices, size_t dim, const float* dout,
                                           size_t ld_dout, float* dtable) {
  for (size_t k = blockIdx.x * size_t{blockDim.x} + threadIdx.x; k < bags * dim;
       k += size_t{gridDim.x} * blockDim.x) {
    const size_t i = k / dim, d = k % dim;
    for (uint32_t j = offsets[i]; j < offsets[i + 1]; ++j) {
      atomicAdd(&dtable[size_t{indices[j]} * dim + d], dout[i * ld_dout + d]);
    }
  }
}

}  // namespace

void embedding_bag_forward(const float* table, size_t dim, const uint32_t* offsets, size_t bags,
                           const uint32_t* indices, float* out, size_t ld_out,
                           cudaStream_t stream) {
  if (bags == 0 || dim == 0) return;
  bag_forward_kernel<<<grid_for(bags * dim, kThreads), kThreads, 0, stream>>>(
      table, dim, offsets, bags, indices, out, ld_out);
  CINEREC_CUDA_CHECK(cudaGetLastError());
}

void EmbeddingBagBackward::run(const uint32_t* offsets, size_t bags, const uint32_t* indices,
                               size_t count, size_t dim, const float* dout, size_t ld_dout,
                               float* dtable, cudaStream_t stream) {
  if (count == 0 || dim == 0) return;
  if (keys_.size() < count) {
    bag_of_ = cuda::DeviceBuffer<uint32_t>(count);
    keys_ = cuda::DeviceBuffer<uint32_t>(count);
    positions_ = cuda::DeviceBuffer<uint32_t>(count);
  }
  bag_of_kernel<<<grid_for(bags, kThreads), kThreads, 0, stream>>>(offsets, bags, bag_of_.data());
  CINEREC_CUDA_CHECK(cudaGetLastError());
  CINEREC_CUDA_CHECK(cudaMemcpyAsync(keys_.data(), indices, count * sizeof(uint32_t),
                                     cudaMemcpyDeviceToDevice, stream));
  const auto policy = thrust::cuda::par.on(stream);
  thrust::sequence(policy, positions_.data(), positions_.data() + count);
  thrust::stable_sort_by_key(policy, keys_.data(), keys_.data() + count, positions_.data());
  segment_sum_kernel<<<grid_for(count * dim, kThreads), kThreads, 0, stream>>>(
      keys_.data(), positions_.data(), bag_of_.data(), count, dim, dout, ld_dout, dtable);
  CINEREC_CUDA_CHECK(cudaGetLastError());
}

void embedding_bag_backward_atomic(const uint32_t* offsets, size_t bags, const uint32_t* indices,
                                   size_t dim, const float* dout, size_t ld_dout, float* dtable,
                                   cudaStream_t stream) {
  if (bags == 0 || dim == 0) return;
  bag_backward_atomic_kernel<<<grid_for(bags * dim, kThreads), kThreads, 0, stream>>>(
      offsets, bags, indices, dim, dout, ld_dout, dtable);
  CINEREC_CUDA_CHECK(cudaGetLastError());
}

}  // namespace cinerec::kernels
