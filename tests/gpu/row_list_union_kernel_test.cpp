// RowListUnion against std::sort: ranks' padded row lists, concatenated as the all-gather leaves
// them, come out as one sorted row list (repeats adjacent, kPadRow last), for odd lengths and
// an empty one; the output starts poisoned.
#include "kernels/row_list_union.cuh"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "cuda/device_buffer.h"
#include "host/common/rng.h"
#include "kernels/row_list.cuh"
#include "tests/gpu/gpu_test_util.h"

namespace cinerec {
namespace {

TEST(RowListUnionKernel, SortsTheGatheredListsAsStdSort) {
  CINEREC_REQUIRE_GPU();
  Rng rng(21);
  for (const size_t ranks : {1u, 3u, 8u}) {
    for (const size_t per_rank : {1u, 17u, 1000u}) {
      std::vector<uint32_t> gathered;
      for (size_t r = 0; r < ranks; ++r) {
        const size_t used = rng.below(per_rank + 1);  // the rest is padding
        std::vector<uint32_t> mine;
        for (size_t i = 0; i < used; ++i)
          mine.push_back(static_cast<uint32_t>(rng.below(50)));  // many repeats across ranks
        std::ranges::sort(mine);
        mine.resize(per_rank, kernels::kPadRow);
        gathered.insert(gathered.end(), mine.begin(), mine.end());
      }
      kernels::RowListUnion united;
      EXPECT_TRUE(united.reserve(gathered.size()));
      EXPECT_FALSE(united.reserve(gathered.size()));
      const cuda::DeviceBuffer<uint32_t> d_gathered(gathered);
      CINEREC_CUDA_CHECK(cudaMemset(const_cast<uint32_t*>(united.rows()), 0x5A,
                                    gathered.size() * sizeof(uint32_t)));
      united.sort(d_gathered.data(), gathered.size(), nullptr);
      std::vector<uint32_t> got(gathered.size());
      CINEREC_CUDA_CHECK(cudaMemcpy(got.data(), united.rows(), got.size() * sizeof(uint32_t),
                                    cudaMemcpyDeviceToHost));
      std::ranges::sort(gathered);
      EXPECT_EQ(got, gathered) << ranks << " ranks x " << per_rank;
    }
  }
  // A smaller step after a larger one (a graph of another shape) sorts within its reserve.
  kernels::RowListUnion reused;
  reused.reserve(1000);
  const std::vector<uint32_t> few = {9, kernels::kPadRow, 3, 9};
  const cuda::DeviceBuffer<uint32_t> d_few(few);
  reused.sort(d_few.data(), few.size(), nullptr);
  std::vector<uint32_t> got(few.size());
  CINEREC_CUDA_CHECK(
      cudaMemcpy(got.data(), reused.rows(), got.size() * sizeof(uint32_t), cudaMemcpyDeviceToHost));
  EXPECT_EQ(got, (std::vector<uint32_t>{3, 9, 9, kernels::kPadRow}));
  EXPECT_THROW(reused.sort(d_few.data(), 1001, nullptr), std::logic_error);
  kernels::RowListUnion empty;
  EXPECT_NO_THROW(empty.sort(nullptr, 0, nullptr));
}

}  // namespace
}  // namespace cinerec
