// The rows that any rank of a data-parallel step touched, as one row list (kernels/row_list.cuh):
// the ranks' lists, each padded with kPadRow to a length every rank knows and all-gathered, then
// sorted, so that repeats are adjacent and padding comes last. Row-wise Adam and weight decay
// then visit each row of the union once, on every rank alike (cub's radix sort, graph-capturable;
// twinned by the union in host/cpu/cpu_backend.cpp's row exchange, tested against std::sort).
#pragma once

#include <cuda_runtime_api.h>

#include <cstddef>
#include <cstdint>

#include "cuda/device_buffer.h"

namespace cinerec::kernels {

class RowListUnion {
 public:
  // Room for `count` entries (call before capturing a graph); returns whether anything moved.
  bool reserve(size_t count);
  // rows() = gathered[0..count) sorted ascending.
  void sort(const uint32_t* gathered, size_t count, cudaStream_t stream);
  const uint32_t* rows() const { return sorted_.data(); }

 private:
  cuda::DeviceBuffer<uint32_t> sorted_;
  cuda::DeviceBuffer<unsigned char> scratch_;
};

}  // namespace cinerec::kernels
