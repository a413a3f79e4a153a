// kernels/epoch_order.cu against its CPU twin host/cpu/epoch_order.cpp: bitwise (the same keys,
// a stable sort), over two epochs, with the output poisoned.
#include <gtest/gtest.h>

#include "cuda/device_buffer.h"
#include "host/cpu/epoch_order.h"
#include "kernels/epoch_order.cuh"
#include "tests/gpu/gpu_dataset_fixture.h"
#include "tests/gpu/gpu_test_util.h"

namespace cinerec {
namespace {

TEST(EpochOrderKernel, EqualsTheCpuOrder) {
  CINEREC_REQUIRE_GPU();
  const Dataset data = testing::small_gpu_dataset();
  const auto train = data.split_indices(Split::kTrain);
  cuda::DeviceBuffer<uint32_t> d_train(train), order(std::vector<uint32_t>(train.size(), 7));
  cuda::DeviceBuffer<uint64_t> keys;
  for (uint64_t epoch : {0u, 3u}) {
    kernels::epoch_order(d_train.data(), train.size(), 11, epoch, order.data(), keys, nullptr);
    EXPECT_EQ(order.download(), epoch_order(train, 11, epoch)) << "epoch " << epoch;
  }
}

}  // namespace
}  // namespace cinerec
