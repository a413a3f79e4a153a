// A batch's inputs in device memory, with room for up to `capacity` rows: filled on the device by
// kernels::gather_batch while training, or uploaded from a host Batch for prediction.
#pragma once

#include <cstdint>

#include "cuda/device_buffer.h"
#include "host/model/batch.h"
#include "kernels/batch_gather.cuh"

namespace cinerec::cuda {

class DeviceBatchBuffers {
 public:
  // Grows (never shrinks) to `rows` rows of `genre_width` genres and `title_len` tokens; returns
  // whether it reallocated (which moves every pointer in view()).
  bool reserve(size_t rows, size_t genre_width, size_t title_len);
  // Copies a host batch in on `stream` and waits for it, padding its genre lists to one width.
  void upload(const Batch& batch, cudaStream_t stream);

  const kernels::DeviceBatch& view() const { return view_; }
  // The device copy of the batch field `field` (the genres padded to genre_width per row).
  const uint32_t* ids(BatchField field) const;
  size_t genre_width() const { return genre_width_; }
  const uint32_t* genre_offsets() const { return genre_offsets_.data(); }  // i * genre_width

 private:
  size_t rows_ = 0, genre_width_ = 0, title_len_ = 0;
  DeviceBuffer<uint32_t> user_, gender_, age_, job_, movie_, genres_, titles_, genre_offsets_;
  DeviceBuffer<float> rating_;
  kernels::DeviceBatch view_;
};

}  // namespace cinerec::cuda
