#include "kernels/row_list_union.cuh"

#include <cub/device/device_radix_sort.cuh>
#include <stdexcept>

#include "cuda/cuda_check.h"

namespace cinerec::kernels {

bool RowListUnion::reserve(size_t count) {
  if (sorted_.size() >= count) return false;
  size_t scratch_bytes = 0;
  CINEREC_CUDA_CHECK(
      cub::DeviceRadixSort::SortKeys(nullptr, scratch_bytes, static_cast<const uint32_t*>(nullptr),
                                     static_cast<uint32_t*>(nullptr), static_cast<int>(count)));
  sorted_ = cuda::DeviceBuffer<uint32_t>(count);
  scratch_ = cuda::DeviceBuffer<unsigned char>(scratch_bytes);
  return true;
}

void RowListUnion::sort(const uint32_t* gathered, size_t count, cudaStream_t stream) {
  if (count == 0) return;
  if (sorted_.size() < count) throw std::logic_error("RowListUnion::sort past its reserve");
  size_t scratch_bytes = scratch_.size();
  CINEREC_CUDA_CHECK(cub::DeviceRadixSort::SortKeys(scratch_.data(), scratch_bytes, gathered,
                                                    sorted_.data(), static_cast<int>(count), 0, 32,
                                                    stream));
}

}  // namespace cinerec::kernels
