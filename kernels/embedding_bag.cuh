// Batched embedding lookup and bag-sum on the GPU (CUDA twin of host/cpu/embedding_bag.cpp).
// A plain lookup is a bag-sum with one index per bag. Indices equal to kPadRow are skipped, so
// bags of a fixed width (a movie's genres padded to the longest list) keep every size static.
#pragma once

#include <cuda_runtime_api.h>

#include <cstddef>
#include <cstdint>

#include "cuda/device_buffer.h"
#include "kernels/row_list.cuh"

namespace cinerec::kernels {

// out[i, :] (row stride ld_out) = sum of table[indices[j], :] over j in [offsets[i], offsets[i+1]).
// Null `offsets` means one index per bag (a plain lookup), here and in both backward passes.
void embedding_bag_forward(const float* table, size_t dim, const uint32_t* offsets, size_t bags,
                           const uint32_t* indices, float* out, size_t ld_out, cudaStream_t stream);

// dtable[indices[j], :] += dout[bag of j, :]. Deterministic: (index, position) pairs are radix-
// sorted by index (stable, CUB) and each row's segment is summed in position order by one thread
// per column. Scratch is sized by reserve() (or on first use), so a run inside CUDA-graph
// capture allocates nothing. With null `offsets` no bag map is built: bag j is position j.
class EmbeddingBagBackward {
 public:
  // For a table of `rows` rows: the sort reads only the low bit_width(rows) bits of an index, as
  // few radix passes as the table needs (a 2-row table sorts in one), and kPadRow, all ones, still
  // sorts after every row below `rows`.
  explicit EmbeddingBagBackward(size_t rows);
  void reserve(size_t count, size_t dim);
  void run(const uint32_t* offsets, size_t bags, const uint32_t* indices, size_t count, size_t dim,
           const float* dout, size_t ld_dout, float* dtable, cudaStream_t stream);
  // After run(): the indices sorted, a row list (kernels/row_list.cuh) of the rows it touched.
  const uint32_t* sorted_rows() const { return keys_.data(); }

 private:
  cuda::DeviceBuffer<uint32_t> bag_of_, keys_, iota_, positions_;
  cuda::DeviceBuffer<unsigned char> sort_scratch_;
  cuda::DeviceBuffer<float> pieces_;  // partial sums of runs that cross a chunk edge
  int sort_bits_;
};

// The same with atomicAdd: faster, but the summation order (so the rounding) varies run to run.
void embedding_bag_backward_atomic(const uint32_t* offsets, size_t bags, const uint32_t* indices,
                                   size_t dim, const float* dout, size_t ld_dout, float* dtable,
                                   cudaStream_t stream);

}  // namespace cinerec::kernels
