// Gathering a training batch on the GPU (CUDA twin of gather_batch in host/model/batch.cpp):
// from the dataset in device memory and a slice of the epoch order to the ids, ratings, titles
// and genre bags of the batch. Genre lists are padded to the longest movie's (kPadRow), so the
// batch has the same shape every step.
#pragma once

#include <cuda_runtime_api.h>

#include <cstddef>
#include <cstdint>

namespace cinerec::kernels {

struct DeviceDatasetView {
  const uint32_t *rating_user = nullptr, *rating_movie = nullptr;
  const float* rating_value = nullptr;
  const uint32_t *user_gender = nullptr, *user_age = nullptr, *user_job = nullptr;
  const uint32_t* movie_genres = nullptr;  // [movies, genre_width], kPadRow-padded
  const uint32_t* movie_titles = nullptr;  // [movies, title_len]
  size_t genre_width = 0, title_len = 0;
};

struct DeviceBatch {
  uint32_t *user = nullptr, *gender = nullptr, *age = nullptr, *job = nullptr, *movie = nullptr;
  uint32_t* genres = nullptr;  // [n, genre_width]
  uint32_t* titles = nullptr;  // [n, title_len]
  float* rating = nullptr;
};

// Batch rows i < n from ratings order[*begin + i]; `begin` is read on the device.
void gather_batch(const DeviceDatasetView& data, const uint32_t* order, const uint64_t* begin,
                  size_t n, const DeviceBatch& out, cudaStream_t stream);

}  // namespace cinerec::kernels
