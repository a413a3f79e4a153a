// The forward's row-by-row product (host/cpu/row_gemm.h): equal to the plain sum on fresh random
// inputs of odd sizes, accumulating into C, with strides; an empty product changing nothing; and
// a row's result the same bits whichever rows share the call and wherever it sits among them.
#include "host/cpu/row_gemm.h"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "host/common/rng.h"

namespace cinerec::cpu {
namespace {

std::vector<float> random_floats(size_t n, Rng& rng) {
  std::vector<float> v(n);
  for (float& x : v)
    x = static_cast<float>(2 * rng.uniform() - 1);
  return v;
}

TEST(RowGemm, EqualsTheSumOfProducts) {
  Rng rng(3);
  for (const auto& [m, n, k] :
       {std::tuple<size_t, size_t, size_t>{1, 1, 1}, {7, 13, 5}, {33, 200, 128}, {5, 8, 160}}) {
    const size_t lda = k + 3, ldc = n + 2;  // strides wider than the rows
    const auto a = random_floats(m * lda, rng), b = random_floats(k * n, rng);
    auto c = random_floats(m * ldc, rng);
    const auto before = c;
    row_gemm<float>(m, n, k, a.data(), lda, b.data(), n, c.data(), ldc);
    for (size_t i = 0; i < m; ++i) {
      for (size_t j = 0; j < ldc; ++j) {
        if (j >= n) {
          ASSERT_EQ(c[i * ldc + j], before[i * ldc + j]);  // past the row: untouched
          continue;
        }
        double expected = before[i * ldc + j];
        for (size_t p = 0; p < k; ++p)
          expected += static_cast<double>(a[i * lda + p]) * b[p * n + j];
        ASSERT_NEAR(c[i * ldc + j], expected, 1e-5 * static_cast<double>(k)) << m << " " << i;
      }
    }
  }
  std::vector<float> c{1.0f, 2.0f};
  row_gemm<float>(0, 2, 3, nullptr, 3, nullptr, 2, c.data(), 2);  // no rows
  row_gemm<float>(1, 2, 0, nullptr, 0, nullptr, 2, c.data(), 2);  // no products
  EXPECT_EQ(c, (std::vector<float>{1.0f, 2.0f}));
}

// The property BLAS lacks: the rows [first, first + count) of a product of many rows, computed
// on their own, are the same bits.
TEST(RowGemm, ARowIsTheSameBitsWhicheverRowsShareTheCall) {
  Rng rng(8);
  const size_t m = 1500, n = 200, k = 128;
  const auto a = random_floats(m * k, rng), b = random_floats(k * n, rng);
  std::vector<float> all(m * n, 0.0f);
  row_gemm<float>(m, n, k, a.data(), k, b.data(), n, all.data(), n);
  for (const auto& [first, count] :
       {std::pair<size_t, size_t>{0, 1}, {1, 7}, {5, 333}, {64, 1000}}) {
    std::vector<float> part(count * n, 0.0f);
    row_gemm<float>(count, n, k, a.data() + first * k, k, b.data(), n, part.data(), n);
    EXPECT_EQ(std::memcmp(part.data(), all.data() + first * n, part.size() * sizeof(float)), 0)
        << first << " " << count;
  }
}

}  // namespace
}  // namespace cinerec::cpu
