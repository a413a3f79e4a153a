#include "kernels/epoch_order.cuh"

#include <thrust/execution_policy.h>
#include <thrust/sort.h>

#include "host_device/determinism.h"
#include "kernels/launch.cuh"

namespace cinerec::kernels {
namespace {

__global__ void order_keys_kernel(uint32_t n, uint64_t seed, uint64_t epoch, uint64_t* keys) {
  const uint32_t i = linear_index();
  if (i >= n) return;
  keys[i] = epoch_order_key(seed, epoch, i);
}

}  // namespace

void epoch_order(const uint32_t* train, size_t n, uint64_t seed, uint64_t epoch, uint32_t* order,
                 cuda::DeviceBuffer<uint64_t>& keys, cudaStream_t stream) {
  if (n == 0) return;
  if (keys.size() < n) keys = cuda::DeviceBuffer<uint64_t>(n);
  launch_linear(order_keys_kernel, n, stream, seed, epoch, keys.data());
  CINEREC_CUDA_CHECK(
      cudaMemcpyAsync(order, train, n * sizeof(uint32_t), cudaMemcpyDeviceToDevice, stream));
  thrust::stable_sort_by_key(thrust::cuda::par.on(stream), keys.data(), keys.data() + n, order);
}

}  // namespace cinerec::kernels
