// The epoch order on the GPU (CUDA twin of host/data/epoch_order.cpp): the counter-based keys of
// docs/model.md, then a stable sort (Thrust), so the device visits ratings in the CPU's order.
#pragma once

#include <cuda_runtime_api.h>

#include <cstddef>
#include <cstdint>

#include "cuda/device_buffer.h"

namespace cinerec::kernels {

// order[0..n) = train[0..n) permuted for `epoch`; `keys` is scratch, grown as needed.
void epoch_order(const uint32_t* train, size_t n, uint64_t seed, uint64_t epoch, uint32_t* order,
                 cuda::DeviceBuffer<uint64_t>& keys, cudaStream_t stream);

}  // namespace cinerec::kernels
