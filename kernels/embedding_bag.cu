#include "kernels/embedding_bag.cuh"

#include <algorithm>
#include <bit>
#include <cub/device/device_radix_sort.cuh>
#include <numeric>
#include <vector>

#include "cuda/cuda_check.h"
#include "kernels/launch.cuh"

namespace cinerec::kernels {
namespace {

// Bag i's positions [begin, end) in the index list; null offsets: one index per bag.
struct BagRange {
  size_t begin, end;
};
__device__ BagRange bag_range(const uint32_t* offsets, size_t i) {
  return offsets != nullptr ? BagRange{offsets[i], offsets[i + 1]} : BagRange{i, i + 1};
}

// One thread per (bag, column).
__global__ void bag_forward_kernel(uint32_t n, const float* table, size_t dim,
                                   const uint32_t* offsets, const uint32_t* indices, float* out,
                                   size_t ld_out) {
  const uint32_t k = linear_index();
  if (k >= n) return;
  const size_t i = k / dim, d = k % dim;
  const auto [begin, end] = bag_range(offsets, i);
  float sum = 0.0f;
  for (size_t j = begin; j < end; ++j) {
    if (indices[j] != kPadRow) sum += table[size_t{indices[j]} * dim + d];
  }
  out[i * ld_out + d] = sum;
}

// One thread per bag.
__global__ void bag_of_kernel(uint32_t n, const uint32_t* offsets, uint32_t* bag_of) {
  const uint32_t i = linear_index();
  if (i >= n) return;
  for (uint32_t j = offsets[i]; j < offsets[i + 1]; ++j)
    bag_of[j] = static_cast<uint32_t>(i);
}

// The sorted (index, position) pairs are cut into chunks of kChunk. Pass 1, one thread per
// (chunk, column): sums each run of equal indices inside the chunk in position order; a run that
// lies wholly inside goes straight to dtable, a piece of a run crossing a chunk edge is parked
// (first_piece: the run began in an earlier chunk; last_piece: it began here and goes on).
// Pass 2, one thread per (crossing run, column), adds the parked pieces in chunk order. Fixed
// order throughout (deterministic) without a thread walking a long run (e.g. <pad>) alone.
constexpr size_t kChunk = 32;

__host__ __device__ size_t chunks_of(size_t count) {
  return (count + kChunk - 1) / kChunk;
}

struct SortedPairs {
  const uint32_t *keys, *positions, *bag_of;  // bag_of null: one index per bag
  size_t count;
  __device__ bool same_run(size_t a, size_t b) const { return keys[a] == keys[b]; }
  __device__ size_t bag(size_t sorted) const {
    const uint32_t p = positions[sorted];
    return bag_of != nullptr ? bag_of[p] : p;
  }
};

__global__ void chunk_sum_kernel(uint32_t n, SortedPairs s, size_t dim, const float* dout,
                                 size_t ld_dout, float* dtable, float* first_piece,
                                 float* last_piece) {
  const uint32_t k = linear_index();
  if (k >= n) return;
  const size_t c = k / dim, d = k % dim, begin = c * kChunk;
  const size_t end = begin + kChunk < s.count ? begin + kChunk : s.count;
  for (size_t a = begin; a < end;) {
    size_t b = a;
    float sum = 0.0f;
    for (; b < end && s.same_run(a, b); ++b)
      sum += dout[s.bag(b) * ld_dout + d];
    const bool started_before = a == begin && a > 0 && s.same_run(a - 1, a);
    const bool goes_on = b == end && b < s.count && s.same_run(b - 1, b);
    if (started_before) {
      first_piece[c * dim + d] = sum;
    } else if (goes_on) {
      last_piece[c * dim + d] = sum;
    } else if (s.keys[a] != kPadRow) {
      dtable[size_t{s.keys[a]} * dim + d] += sum;
    }
    a = b;
  }
}

__global__ void crossing_sum_kernel(uint32_t n, SortedPairs s, size_t dim, const float* first_piece,
                                    const float* last_piece, float* dtable) {
  const uint32_t k = linear_index();
  if (k >= n) return;
  const size_t a = k / dim, d = k % dim, c = a / kChunk, next = (c + 1) * kChunk;
  if (s.keys[a] == kPadRow || (a > 0 && s.same_run(a - 1, a))) return;  // not a run start
  if (next >= s.count || !s.same_run(a, next)) return;                  // no chunk edge crossed
  float sum = last_piece[c * dim + d];
  for (size_t e = next; e < s.count && s.same_run(a, e); e += kChunk)
    sum += first_piece[(e / kChunk) * dim + d];
  dtable[size_t{s.keys[a]} * dim + d] += sum;
}

__global__ void bag_backward_atomic_kernel(uint32_t n, const uint32_t* offsets,
                                           const uint32_t* indices, size_t dim, const float* dout,
                                           size_t ld_dout, float* dtable) {
  const uint32_t k = linear_index();
  if (k >= n) return;
  const size_t i = k / dim, d = k % dim;
  const auto [begin, end] = bag_range(offsets, i);
  for (size_t j = begin; j < end; ++j) {
    if (indices[j] != kPadRow) {
      atomicAdd(&dtable[size_t{indices[j]} * dim + d], dout[i * ld_dout + d]);
    }
  }
}

}  // namespace

void embedding_bag_forward(const float* table, size_t dim, const uint32_t* offsets, size_t bags,
                           const uint32_t* indices, float* out, size_t ld_out,
                           cudaStream_t stream) {
  launch_linear(bag_forward_kernel, bags * dim, stream, table, dim, offsets, indices, out, ld_out);
}

EmbeddingBagBackward::EmbeddingBagBackward(size_t rows)
    : sort_bits_(std::clamp(static_cast<int>(std::bit_width(rows)), 1, 32)) {}

void EmbeddingBagBackward::reserve(size_t count, size_t dim) {
  if (pieces_.size() < 2 * chunks_of(count) * dim) {
    pieces_ = cuda::DeviceBuffer<float>(2 * chunks_of(count) * dim);
  }
  if (keys_.size() >= count) return;
  size_t scratch_bytes = 0;
  CINEREC_CUDA_CHECK(cub::DeviceRadixSort::SortPairs(
      nullptr, scratch_bytes, static_cast<const uint32_t*>(nullptr),
      static_cast<uint32_t*>(nullptr), static_cast<const uint32_t*>(nullptr),
      static_cast<uint32_t*>(nullptr), static_cast<int>(count)));
  bag_of_ = cuda::DeviceBuffer<uint32_t>(count);
  keys_ = cuda::DeviceBuffer<uint32_t>(count);
  std::vector<uint32_t> iota(count);
  std::iota(iota.begin(), iota.end(), 0u);
  iota_ = cuda::DeviceBuffer<uint32_t>(iota);
  positions_ = cuda::DeviceBuffer<uint32_t>(count);
  sort_scratch_ = cuda::DeviceBuffer<unsigned char>(scratch_bytes);
}

void EmbeddingBagBackward::run(const uint32_t* offsets, size_t bags, const uint32_t* indices,
                               size_t count, size_t dim, const float* dout, size_t ld_dout,
                               float* dtable, cudaStream_t stream) {
  if (count == 0 || dim == 0) return;
  reserve(count, dim);
  if (offsets != nullptr) launch_linear(bag_of_kernel, bags, stream, offsets, bag_of_.data());
  size_t scratch_bytes = sort_scratch_.size();
  CINEREC_CUDA_CHECK(cub::DeviceRadixSort::SortPairs(
      sort_scratch_.data(), scratch_bytes, indices, keys_.data(), iota_.data(), positions_.data(),
      static_cast<int>(count), 0, sort_bits_, stream));
  float* first_piece = pieces_.data();
  float* last_piece = first_piece + chunks_of(count) * dim;
  const SortedPairs pairs{keys_.data(), positions_.data(),
                          offsets != nullptr ? bag_of_.data() : nullptr, count};
  launch_linear(chunk_sum_kernel, chunks_of(count) * dim, stream, pairs, dim, dout, ld_dout, dtable,
                first_piece, last_piece);
  launch_linear(crossing_sum_kernel, count * dim, stream, pairs, dim, first_piece, last_piece,
                dtable);
}

void embedding_bag_backward_atomic(const uint32_t* offsets, size_t bags, const uint32_t* indices,
                                   size_t dim, const float* dout, size_t ld_dout, float* dtable,
                                   cudaStream_t stream) {
  launch_linear(bag_backward_atomic_kernel, bags * dim, stream, offsets, indices, dim, dout,
                ld_dout, dtable);
}

}  // namespace cinerec::kernels
