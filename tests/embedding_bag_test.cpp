// Finite-difference gradient checks in double of the embedding lookup and the bag sum
// (host/cpu/embedding_bag.cpp, the CPU twin of kernels/embedding_bag.cu).
#include <gtest/gtest.h>

#include "host/cpu/embedding_bag.h"
#include "tests/gradcheck.h"

namespace cinerec::cpu {
namespace {

using testing::expect_gradient;
using testing::random_vector;
using testing::weighted_sum;

TEST(EmbeddingBag, LookupGradientWithRepeatedIds) {
  Rng rng(1);
  const size_t rows = 5, dim = 3;
  const std::vector<uint32_t> ids{4, 0, 4, 2};  // repeated id 4 must accumulate
  auto table = random_vector(rows * dim, rng);
  const auto w = random_vector(ids.size() * dim, rng);
  const auto loss = [&] {
    std::vector<double> out(ids.size() * dim);
    embedding_forward<double>(table.data(), dim, ids, out.data(), dim);
    return weighted_sum(out, w);
  };
  std::vector<double> grad(table.size(), 0.0);
  embedding_backward<double>(ids, dim, w.data(), dim, grad.data());
  expect_gradient(loss, table, grad, "table");
}

TEST(EmbeddingBag, BagSumGradientWithEmptyBags) {
  Rng rng(2);
  const size_t rows = 6, dim = 4;
  const std::vector<uint32_t> offsets{0, 2, 2, 5, 6};  // bag 1 is empty
  const std::vector<uint32_t> indices{1, 3, 0, 3, 5, 1};
  auto table = random_vector(rows * dim, rng);
  const auto w = random_vector(4 * dim, rng);
  std::vector<double> out(4 * dim, 7.0);  // poisoned: an empty bag must come out zero
  embedding_bag_forward<double>(table.data(), dim, offsets, indices, out.data());
  for (size_t d = 0; d < dim; ++d)
    EXPECT_EQ(out[dim + d], 0.0);
  const auto loss = [&] {
    embedding_bag_forward<double>(table.data(), dim, offsets, indices, out.data());
    return weighted_sum(out, w);
  };
  std::vector<double> grad(table.size(), 0.0);
  embedding_bag_backward<double>(offsets, indices, dim, w.data(), grad.data());
  expect_gradient(loss, table, grad, "table");
}

}  // namespace
}  // namespace cinerec::cpu
