// Launch geometry shared by the kernels: 1-D grids for grid-stride loops.
#pragma once

#include <cstddef>

namespace cinerec::kernels {

// Enough blocks of `threads` to cover n elements, capped (the grid-stride loops cover the rest),
// and at least one so an empty launch stays valid.
inline unsigned grid_for(size_t n, unsigned threads) {
  const size_t blocks = (n + threads - 1) / threads;
  return static_cast<unsigned>(blocks == 0 ? 1 : (blocks < 65535 ? blocks : 65535));
}

}  // namespace cinerec::kernels
