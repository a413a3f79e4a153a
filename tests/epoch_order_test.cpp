// The epoch order's CPU implementation (host/cpu/epoch_order.cpp, the twin of
// kernels/epoch_order.cu), against docs/model.md's definition written out here: the training
// indices sorted by epoch_order_key(seed, epoch, position), ties by position.
#include "host/cpu/epoch_order.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "host_device/determinism.h"

namespace cinerec {
namespace {

std::vector<uint32_t> indices(size_t n) {
  std::vector<uint32_t> v(n);
  for (size_t i = 0; i < n; ++i)
    v[i] = static_cast<uint32_t>(3 * i + 1);  // not the positions themselves
  return v;
}

TEST(EpochOrder, SortsByTheCounterKey) {
  const auto train = indices(1001);
  const auto order = epoch_order(train, 42, 3);
  ASSERT_EQ(order.size(), train.size());
  std::vector<size_t> position(train.size());
  std::iota(position.begin(), position.end(), size_t{0});
  std::stable_sort(position.begin(), position.end(), [](size_t a, size_t b) {
    return epoch_order_key(42, 3, a) < epoch_order_key(42, 3, b);
  });
  for (size_t i = 0; i < order.size(); ++i)
    ASSERT_EQ(order[i], train[position[i]]) << "at " << i;
}

TEST(EpochOrder, APermutationThatChangesWithEpochAndSeed) {
  const auto train = indices(500);
  const auto a = epoch_order(train, 7, 0);
  auto sorted = a;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, train);
  EXPECT_EQ(epoch_order(train, 7, 0), a);  // deterministic
  EXPECT_NE(epoch_order(train, 7, 1), a);
  EXPECT_NE(epoch_order(train, 8, 0), a);
  EXPECT_NE(a, train);
}

TEST(EpochOrder, EmptyAndSingle) {
  EXPECT_TRUE(epoch_order({}, 1, 0).empty());
  const std::vector<uint32_t> one{9};
  EXPECT_EQ(epoch_order(one, 1, 5), one);
}

}  // namespace
}  // namespace cinerec
