// Lists of embedding-table rows as the training step produces them: fixed length (so a captured
// CUDA graph replays every step), sorted by the embedding backward so repeats are adjacent, and
// padded with kPadRow where a bag has fewer entries than its width.
#pragma once

#include <cstddef>
#include <cstdint>

namespace cinerec::kernels {

inline constexpr uint32_t kPadRow = 0xFFFFFFFFu;

#if defined(__CUDACC__)
// The flat index of element k of a row list with rows of width `dim`, or -1 where the entry is
// padding or repeats the one before it (so each distinct row is visited once).
__device__ inline long long row_element(const uint32_t* rows, size_t dim, size_t k) {
  const size_t r = k / dim;
  if (rows[r] == kPadRow || (r > 0 && rows[r - 1] == rows[r])) return -1;
  return static_cast<long long>(size_t{rows[r]} * dim + k % dim);
}
#endif

}  // namespace cinerec::kernels
