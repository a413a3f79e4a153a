// kernels/batch_gather.cu with cuda::DeviceDataset against its CPU twin gather_batch (bitwise:
// copies), including movies without genres (all padding), a batch of one and the epoch's short
// tail.
#include <gtest/gtest.h>

#include <algorithm>

#include "cuda/device_batch.h"
#include "cuda/device_dataset.h"
#include "host/cpu/epoch_order.h"
#include "kernels/batch_gather.cuh"
#include "kernels/row_list.cuh"
#include "tests/gpu/gpu_dataset_fixture.h"
#include "tests/gpu/gpu_test_util.h"

namespace cinerec {
namespace {

class BatchGatherKernel : public ::testing::TestWithParam<size_t> {};

TEST_P(BatchGatherKernel, EqualsTheHostBatch) {
  CINEREC_REQUIRE_GPU();
  const Dataset data = testing::small_gpu_dataset();
  const auto order = epoch_order(data.split_indices(Split::kTrain), 5, 0);
  const size_t begin = 17, n = std::min(GetParam(), order.size() - begin);
  Batch expected;
  gather_batch(data, std::span(order).subspan(begin, n), 0, expected);

  cuda::DeviceDataset device_data(data);
  cuda::DeviceBuffer<uint32_t> d_order(order);
  cuda::DeviceBuffer<uint64_t> d_begin(std::vector<uint64_t>{begin});
  cuda::DeviceBatchBuffers batch;
  batch.reserve(n, device_data.genre_width(), data.title_len());
  const kernels::DeviceBatch& b = batch.view();
  for (void* field :
       {static_cast<void*>(b.user), static_cast<void*>(b.gender), static_cast<void*>(b.age),
        static_cast<void*>(b.job), static_cast<void*>(b.movie), static_cast<void*>(b.rating)}) {
    CINEREC_CUDA_CHECK(cudaMemset(field, 0xAB, n * 4));  // poison
  }
  CINEREC_CUDA_CHECK(cudaMemset(b.titles, 0xAB, n * data.title_len() * 4));
  CINEREC_CUDA_CHECK(cudaMemset(b.genres, 0xAB, n * device_data.genre_width() * 4));
  kernels::gather_batch(device_data.view(), d_order.data(), d_begin.data(), n, batch.view(),
                        nullptr);
  CINEREC_CUDA_CHECK(cudaDeviceSynchronize());

  const auto host = [](const uint32_t* p, size_t count) {
    std::vector<uint32_t> v(count);
    if (count > 0) CINEREC_CUDA_CHECK(cudaMemcpy(v.data(), p, count * 4, cudaMemcpyDeviceToHost));
    return v;
  };
  EXPECT_EQ(host(b.user, n), expected.user);
  EXPECT_EQ(host(b.gender, n), expected.gender);
  EXPECT_EQ(host(b.age, n), expected.age);
  EXPECT_EQ(host(b.job, n), expected.job);
  EXPECT_EQ(host(b.movie, n), expected.movie);
  EXPECT_EQ(host(b.titles, n * data.title_len()), expected.title);
  const size_t width = device_data.genre_width();  // the dataset's longest list, not the batch's
  std::vector<uint32_t> genres(n * width, kernels::kPadRow);
  for (size_t i = 0; i < n; ++i) {
    std::copy(expected.genres.begin() + expected.genre_offsets[i],
              expected.genres.begin() + expected.genre_offsets[i + 1], genres.begin() + i * width);
  }
  EXPECT_EQ(host(b.genres, n * width), genres);
  std::vector<float> rating(n);
  CINEREC_CUDA_CHECK(cudaMemcpy(rating.data(), b.rating, n * 4, cudaMemcpyDeviceToHost));
  EXPECT_EQ(rating, expected.rating);
}

// One row, an odd size, and more than what is left (the epoch's tail).
INSTANTIATE_TEST_SUITE_P(Sizes, BatchGatherKernel, ::testing::Values(1, 33, 100000));

TEST(DeviceBatchBuffers, UploadPadsEveryGenreListToOneWidth) {
  CINEREC_REQUIRE_GPU();
  Batch b;
  b.user = b.gender = b.age = b.job = b.movie = {1, 2, 3};
  b.genre_offsets = {0, 0, 3, 4};  // an empty list, then 3, then 1
  b.genres = {5, 6, 7, 8};
  b.title = {1, 2, 3, 4, 5, 6};
  b.rating = {1, 2, 3};
  cuda::DeviceBatchBuffers buffers;
  buffers.upload(b, nullptr);
  ASSERT_EQ(buffers.genre_width(), 3u);
  std::vector<uint32_t> genres(9);
  CINEREC_CUDA_CHECK(
      cudaMemcpy(genres.data(), buffers.view().genres, 9 * 4, cudaMemcpyDeviceToHost));
  const uint32_t P = kernels::kPadRow;
  EXPECT_EQ(genres, (std::vector<uint32_t>{P, P, P, 5, 6, 7, 8, P, P}));
}

}  // namespace
}  // namespace cinerec
