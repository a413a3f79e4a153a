// A prepared dataset in device memory for the whole run: ratings, user demographics, movie genre
// lists (padded to a fixed width) and title tokens — everything a batch is gathered from.
#pragma once

#include <cstdint>

#include "cuda/device_buffer.h"
#include "host/data/dataset/dataset.h"
#include "kernels/batch_gather.cuh"

namespace cinerec::cuda {

class DeviceDataset {
 public:
  explicit DeviceDataset(const Dataset& data);

  const kernels::DeviceDatasetView& view() const { return view_; }
  size_t genre_width() const { return view_.genre_width; }

 private:
  DeviceBuffer<uint32_t> rating_user_, rating_movie_, user_gender_, user_age_, user_job_;
  DeviceBuffer<uint32_t> movie_genres_, movie_titles_;
  DeviceBuffer<float> rating_value_;
  kernels::DeviceDatasetView view_;
};

// The genre lists of `movies` (CSR) as [movies, width] rows padded with kPadRow. `width` comes in
// as the least width wanted and goes out as the one used: at least the longest list, and at least
// 1 so every shape stays non-empty.
std::vector<uint32_t> padded_genres(std::span<const uint32_t> offsets,
                                    std::span<const uint32_t> genres, size_t& width);

}  // namespace cinerec::cuda
