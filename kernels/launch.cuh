// The launch helpers every kernel goes through (after tiny-cuda-nn's linear_kernel): a linear
// launch gives one thread to each of n elements, with 32-bit index math, which the launch checks
// n fits; every launch is checked for errors on the spot.
#pragma once

#include <cuda_runtime_api.h>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

#include "cuda/cuda_check.h"

namespace cinerec::kernels {

inline constexpr uint32_t kLinearThreads = 128;

// This thread's element in a linear launch.
__device__ inline uint32_t linear_index() {
  return blockIdx.x * blockDim.x + threadIdx.x;
}

// kernel<<<blocks, threads, shared, stream>>>(args...), then the launch error, if any, thrown
// with this file and line.
template <class... Params, class... Args>
void launch(void (*kernel)(Params...), unsigned blocks, unsigned threads, size_t shared,
            cudaStream_t stream, Args&&... args) {
  kernel<<<blocks, threads, shared, stream>>>(std::forward<Args>(args)...);
  CINEREC_CUDA_CHECK(cudaGetLastError());
}

// kernel(n, args...) on one thread per element i < n: the kernel starts with
// `const uint32_t i = linear_index(); if (i >= n) return;`. Nothing runs for n = 0.
template <class... Params, class... Args>
void launch_linear(void (*kernel)(uint32_t, Params...), size_t n, cudaStream_t stream,
                   Args&&... args) {
  if (n == 0) return;
  if (n > std::numeric_limits<uint32_t>::max()) {
    throw std::length_error("a linear kernel launch of " + std::to_string(n) +
                            " elements: more than 32-bit indices address");
  }
  const auto blocks = static_cast<unsigned>((n + kLinearThreads - 1) / kLinearThreads);
  launch(kernel, blocks, kLinearThreads, 0, stream, static_cast<uint32_t>(n),
         std::forward<Args>(args)...);
}

}  // namespace cinerec::kernels
