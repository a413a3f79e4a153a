// kernels/embedding_bag.cu against its CPU twin on fresh random inputs: empty bags, repeated
// ids, odd widths, empty batches; outputs poisoned before the launch. Forward sums run in the
// same order on both sides (relative error <= 1e-6); the backward sums each row's segment before
// adding it to the table, so it rounds differently from the CPU's running sum (<= 1e-5).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "cuda/device_buffer.h"
#include "host/common/rng.h"
#include "host/cpu/embedding_bag.h"
#include "kernels/embedding_bag.cuh"
#include "tests/gpu/gpu_test_util.h"

namespace cinerec {
namespace {

constexpr size_t kRows = 50, kDim = 33;

struct Bags {
  std::vector<uint32_t> offsets{0}, indices;
  std::vector<float> table, dout;
};

// Every fifth bag empty, others 1-6 indices from a table of `rows` rows (few, so ids repeat).
Bags random_bags(size_t bags, Rng& rng, size_t rows = kRows) {
  Bags b;
  for (size_t i = 0; i < bags; ++i) {
    const size_t n = i % 5 == 0 ? 0 : 1 + rng.below(6);
    for (size_t k = 0; k < n; ++k)
      b.indices.push_back(static_cast<uint32_t>(rng.below(rows)));
    b.offsets.push_back(static_cast<uint32_t>(b.indices.size()));
  }
  for (size_t i = 0; i < rows * kDim; ++i)
    b.table.push_back(static_cast<float>(rng.normal()));
  for (size_t i = 0; i < bags * kDim; ++i)
    b.dout.push_back(static_cast<float>(rng.normal()));
  return b;
}

class EmbeddingBagKernel : public ::testing::TestWithParam<size_t> {};

TEST_P(EmbeddingBagKernel, ForwardMatchesCpuTwinWithStridedOutput) {
  CINEREC_REQUIRE_GPU();
  Rng rng(GetParam() + 1);
  const size_t bags = GetParam(), ld = kDim + 3;
  const Bags b = random_bags(bags, rng);
  std::vector<float> expected(bags * kDim);
  cpu::embedding_bag_forward<float>(b.table.data(), kDim, b.offsets, b.indices, expected.data());

  cuda::DeviceBuffer<float> table(b.table);
  cuda::DeviceBuffer<uint32_t> offsets(b.offsets), indices(b.indices);
  cuda::DeviceBuffer<float> out(
      std::vector<float>(bags * ld, std::numeric_limits<float>::quiet_NaN()));
  kernels::embedding_bag_forward(table.data(), kDim, offsets.data(), bags, indices.data(),
                                 out.data(), ld, nullptr);
  const std::vector<float> got = out.download();
  testing::expect_untouched_past(got, bags, kDim, ld, "out");
  testing::expect_close(testing::leading_columns(got, bags, kDim, ld), expected, 1e-6, "out");
}

TEST_P(EmbeddingBagKernel, BackwardMatchesCpuTwinAndIsDeterministic) {
  CINEREC_REQUIRE_GPU();
  Rng rng(GetParam() + 2);
  const size_t bags = GetParam();
  const Bags b = random_bags(bags, rng);
  std::vector<float> expected = b.table;  // the gradient accumulates onto existing values
  cpu::embedding_bag_backward<float>(b.offsets, b.indices, kDim, b.dout.data(), expected.data());

  cuda::DeviceBuffer<uint32_t> offsets(b.offsets), indices(b.indices);
  cuda::DeviceBuffer<float> dout(b.dout);
  kernels::EmbeddingBagBackward backward(kRows);
  std::vector<std::vector<float>> runs;
  for (int run = 0; run < 2; ++run) {
    cuda::DeviceBuffer<float> dtable(b.table);
    backward.run(offsets.data(), bags, indices.data(), b.indices.size(), kDim, dout.data(), kDim,
                 dtable.data(), nullptr);
    runs.push_back(dtable.download());
  }
  testing::expect_close(runs[0], expected, 1e-5, "dtable");
  EXPECT_EQ(runs[0], runs[1]);

  cuda::DeviceBuffer<float> atomic(b.table);
  kernels::embedding_bag_backward_atomic(offsets.data(), bags, indices.data(), kDim, dout.data(),
                                         kDim, atomic.data(), nullptr);
  testing::expect_close(atomic.download(), expected, 1e-5, "dtable (atomic)");
}

// Batch sizes: empty, one (an empty bag), odd, and larger than one block (runs of one id
// longer than a 32-entry chunk).
INSTANTIATE_TEST_SUITE_P(Batches, EmbeddingBagKernel, ::testing::Values(0, 1, 7, 1031));

// Null offsets, one index per bag (the plain lookups): forward and both backward passes equal the
// CPU twin given the explicit offsets 0, 1, 2, ...
TEST(EmbeddingBagKernel, NullOffsetsMeanOneIndexPerBag) {
  CINEREC_REQUIRE_GPU();
  Rng rng(21);
  const size_t bags = 777;
  Bags b = random_bags(bags, rng);
  b.indices.resize(bags);
  for (auto& index : b.indices)
    index = static_cast<uint32_t>(rng.below(kRows));
  b.offsets.resize(bags + 1);
  std::iota(b.offsets.begin(), b.offsets.end(), 0u);
  std::vector<float> expected_out(bags * kDim), expected_grad = b.table;
  cpu::embedding_bag_forward<float>(b.table.data(), kDim, b.offsets, b.indices,
                                    expected_out.data());
  cpu::embedding_bag_backward<float>(b.offsets, b.indices, kDim, b.dout.data(),
                                     expected_grad.data());

  const float nan = std::numeric_limits<float>::quiet_NaN();
  cuda::DeviceBuffer<float> table(b.table), dout(b.dout), out(std::vector<float>(bags * kDim, nan)),
      sorted(b.table), atomic(b.table);
  cuda::DeviceBuffer<uint32_t> indices(b.indices);
  kernels::embedding_bag_forward(table.data(), kDim, nullptr, bags, indices.data(), out.data(),
                                 kDim, nullptr);
  kernels::EmbeddingBagBackward backward(kRows);
  backward.run(nullptr, bags, indices.data(), bags, kDim, dout.data(), kDim, sorted.data(),
               nullptr);
  kernels::embedding_bag_backward_atomic(nullptr, bags, indices.data(), kDim, dout.data(), kDim,
                                         atomic.data(), nullptr);
  testing::expect_close(out.download(), expected_out, 1e-6, "out");
  testing::expect_close(sorted.download(), expected_grad, 1e-5, "dtable");
  testing::expect_close(atomic.download(), expected_grad, 1e-5, "dtable (atomic)");
}

// Fixed-width bags padded with kPadRow equal their CSR form, forward and backward, and the
// backward's sorted rows list every touched row (each run of repeats adjacent, padding last).
// Table sizes: 1 row (a one-bit sort), 50, and 64, a power of two, whose last row must still sort
// before the padding although the sort reads only 7 bits.
class PaddedBags : public ::testing::TestWithParam<size_t> {};

TEST_P(PaddedBags, EqualTheirCsrForm) {
  CINEREC_REQUIRE_GPU();
  const size_t rows = GetParam();
  Rng rng(9 + rows);
  const size_t bags = 300, width = 4;
  const Bags b = random_bags(bags, rng, rows);
  std::vector<uint32_t> padded(bags * width, kernels::kPadRow), offsets(bags + 1);
  for (size_t i = 0; i < bags; ++i) {
    const size_t n = std::min<size_t>(b.offsets[i + 1] - b.offsets[i], width);
    std::copy_n(b.indices.begin() + b.offsets[i], n, padded.begin() + i * width);
    offsets[i + 1] = static_cast<uint32_t>((i + 1) * width);
  }
  std::vector<uint32_t> csr_offsets{0}, csr;
  for (size_t i = 0; i < bags; ++i) {
    for (size_t k = 0; k < width; ++k) {
      if (padded[i * width + k] != kernels::kPadRow) csr.push_back(padded[i * width + k]);
    }
    csr_offsets.push_back(static_cast<uint32_t>(csr.size()));
  }
  std::vector<float> expected_out(bags * kDim), expected_grad(b.table.size(), 0.0f);
  cpu::embedding_bag_forward<float>(b.table.data(), kDim, csr_offsets, csr, expected_out.data());
  cpu::embedding_bag_backward<float>(csr_offsets, csr, kDim, b.dout.data(), expected_grad.data());

  cuda::DeviceBuffer<float> table(b.table), dout(b.dout),
      out(std::vector<float>(bags * kDim, std::numeric_limits<float>::quiet_NaN())),
      grad(std::vector<float>(b.table.size(), 0.0f));
  cuda::DeviceBuffer<uint32_t> d_offsets(offsets), d_padded(padded);
  kernels::embedding_bag_forward(table.data(), kDim, d_offsets.data(), bags, d_padded.data(),
                                 out.data(), kDim, nullptr);
  kernels::EmbeddingBagBackward backward(rows);
  backward.run(d_offsets.data(), bags, d_padded.data(), padded.size(), kDim, dout.data(), kDim,
               grad.data(), nullptr);
  testing::expect_close(out.download(), expected_out, 1e-6, "out");
  testing::expect_close(grad.download(), expected_grad, 1e-5, "dtable");

  std::vector<uint32_t> sorted(padded.size());
  CINEREC_CUDA_CHECK(
      cudaMemcpy(sorted.data(), backward.sorted_rows(), sorted.size() * 4, cudaMemcpyDeviceToHost));
  std::vector<uint32_t> expected_sorted = padded;
  std::sort(expected_sorted.begin(), expected_sorted.end());
  EXPECT_EQ(sorted, expected_sorted);
}

INSTANTIATE_TEST_SUITE_P(TableRows, PaddedBags, ::testing::Values(1, 50, 64));

}  // namespace
}  // namespace cinerec
