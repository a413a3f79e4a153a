#include "kernels/epoch_order.cuh"

#include <thrust/execution_policy.h>
#include <thrust/sort.h>

#include "host_device/determinism.h"
#include "kernels/launch.cuh"

namespace cinerec::kernels {
namespace {

constexpr unsigned kThreads = 256;

__global__ void order_keys_kernel(size_t n, uint64_t seed, uint64_t epoch, uint64_t* keys) {
  for (size_t i = blockIdx.x * size_t{blockDim.x} + threadIdx.x; i < n;
       i += size_t{gridDim.x} * blockDim.x) {
    keys[i] = epoch_order_key(seed, epoch, i);
  }
}

}  // namespace

void epoch_order(const uint32_t* train, size_t n, uint64_t seed, uint64_t epoch, uint32_t* order,
                 cuda::DeviceBuffer<uint64_t>& keys, cudaStream_t stream) {
  if (n == 0) return;
  if (keys.size() < n) keys = cuda::DeviceBuffer<uint64_t>(n);
  order_keys_kernel<<<grid_for(n, kThreads), kThreads, 0, stream>>>(n, seed, epoch, keys.data());
  CINEREC_CUDA_CHECK(cudaGetLastError());
  CINEREC_CUDA_CHECK(
      cudaMemcpyAsync(order, train, n * sizeof(uint32_t), cudaMemcpyDeviceToDevice, stream));
  thrust::stable_sort_by_key(thrust::cuda::par.on(stream), keys.data(), keys.data() + n, order);
}

}  // namespace cinerec::kernels
