// Batched embedding lookup and bag-sum on the GPU (CUDA twin of host/cpu/embedding_bag.cpp).
// A plain lookup is a bag-sum with one index per bag.
#pragma once

#include <cuda_runtime_api.h>

#include <cstddef>
#include <cstdint>

#include "cuda/device_buffer.h"

namespace cinerec::kernels {

// out[i, :] (row stride ld_out) = sum of table[indices[j], :] over j in [offsets[i], offsets[i+1]).
void embedding_bag_forward(const float* table, size_t dim, const uint32_t* offsets, size_t bags,
                           const uint32_t* indices, float* out, size_t ld_out, cudaStream_t stream);

// dtable[indices[j], :] += dout[bag of j, :]. Deterministic: (index, position) pairs are
// stable-sorted by index and each row's segment is summed in position order by one thread per
// column. Keeps its scratch between calls.
class EmbeddingBagBackward {
 public:
  void run(const uint32_t* offsets, size_t bags, const uint32_t* indices, size_t count, size_t dim,
           const float* dout, size_t ld_dout, float* dtable, cudaStream_t stream);

 private:
  cuda::DeviceBuffer<uint32_t> bag_of_, keys_, positions_;
};

// The same with atomicAdd: faster, but the summation order (so the rounding) varies run to run.
void embedding_bag_backward_atomic(const uint32_t* offsets, size_t bags, const uint32_t* indices,
                                   size_t dim, const float* dout, size_t ld_dout, float* dtable,
                                   cudaStream_t stream);

}  // namespace cinerec::kernels
