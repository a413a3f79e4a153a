// The neighbourhood models' similarity (host/baselines/row_cosine.h) and sparse rows
// (host/baselines/sparse_rows.h) on tiny hand-made matrices, against values worked by hand.
#include "host/baselines/row_cosine.h"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

namespace cinerec {
namespace {

struct Matrix {
  SparseRows x, xt;
  Matrix(size_t rows, size_t columns, std::vector<uint32_t> r, std::vector<uint32_t> c,
         std::vector<float> v)
      : x(sparse_rows(rows, r, c, v)), xt(transposed(x, columns)) {}
};

TEST(SparseRows, SortsEachRowAndTransposes) {
  const Matrix m(2, 3, {1, 0, 1, 0}, {2, 1, 0, 0}, {5, 6, 7, 8});
  EXPECT_EQ(m.x.offsets, (std::vector<uint64_t>{0, 2, 4}));
  EXPECT_EQ(m.x.columns, (std::vector<uint32_t>{0, 1, 0, 2}));
  EXPECT_EQ(m.x.values, (std::vector<float>{8, 6, 7, 5}));
  EXPECT_EQ(m.xt.offsets, (std::vector<uint64_t>{0, 2, 3, 4}));
  EXPECT_EQ(m.xt.columns, (std::vector<uint32_t>{0, 1, 0, 1}));
  EXPECT_EQ(m.xt.values, (std::vector<float>{8, 7, 6, 5}));
}

TEST(SparseRows, RefusesAnEntryGivenTwiceAndARowOutOfRange) {
  EXPECT_THROW(sparse_rows(2, std::vector<uint32_t>{1, 1}, std::vector<uint32_t>{3, 3},
                           std::vector<float>{1, 2}),
               std::invalid_argument);
  EXPECT_THROW(
      sparse_rows(2, std::vector<uint32_t>{2}, std::vector<uint32_t>{0}, std::vector<float>{1}),
      std::invalid_argument);
}

// Rows 0: columns {0, 1, 2}; 1: {1, 2}; 2: {3}.
TEST(RowCosine, RatedSetsAreThePapersEquationOne) {
  const Matrix m(3, 4, {0, 0, 0, 1, 1, 2}, {0, 1, 2, 1, 2, 3}, {1, 1, 1, 1, 1, 1});
  RowCosine cosine(m.x, m.xt, 0.0);
  cosine.compute(0);
  EXPECT_FLOAT_EQ(cosine[1], static_cast<float>(2 / (std::sqrt(3.0 * 2.0) + 1e-6)));
  EXPECT_EQ(cosine[0], 0.0f);  // never similar to itself
  EXPECT_EQ(cosine[2], 0.0f);  // no column shared
  EXPECT_EQ(std::vector<uint32_t>(cosine.sharing().begin(), cosine.sharing().end()),
            std::vector<uint32_t>{1});
  cosine.compute(2);  // the buffer is reused: row 0's similarities are gone
  EXPECT_EQ(cosine[1], 0.0f);
  EXPECT_TRUE(cosine.sharing().empty());
}

TEST(RowCosine, RatingsAreEquationTwoAndShrinkAddsToTheDenominator) {
  // Row 0 rates (5, 3, 4) on columns 0..2, row 1 (4, 2) on columns 1, 2: a dot product of 20.
  const Matrix m(2, 3, {0, 0, 0, 1, 1}, {0, 1, 2, 1, 2}, {5, 3, 4, 4, 2});
  RowCosine plain(m.x, m.xt, 0.0), shrunk(m.x, m.xt, 10.0);
  plain.compute(1);
  shrunk.compute(1);
  EXPECT_FLOAT_EQ(plain[0], static_cast<float>(20 / (std::sqrt(50.0 * 20.0) + 1e-6)));
  EXPECT_FLOAT_EQ(shrunk[0], static_cast<float>(20 / (std::sqrt(50.0 * 20.0) + 10 + 1e-6)));
}

TEST(TopNeighbours, KeepsTheKMostSimilarWithTiesToTheSmallerIndexThenPads) {
  // Rows 0..2 share column 0 alone (all similarities equal); row 3 shares nothing.
  const Matrix m(4, 2, {0, 1, 2, 3}, {0, 0, 0, 1}, {1, 1, 1, 1});
  std::vector<float> neighbour(4 * 1), similarity(4 * 1);
  top_neighbours(m.x, m.xt, 0.0, 1, neighbour, similarity);
  // Stored as index + 1; 0 past a row's last.
  EXPECT_EQ(neighbour, (std::vector<float>{2, 1, 1, 0}));
  const auto one = static_cast<float>(1 / (1 + 1e-6));
  EXPECT_EQ(similarity, (std::vector<float>{one, one, one, 0}));
  std::vector<float> n3(4 * 3), s3(4 * 3);
  top_neighbours(m.x, m.xt, 0.0, 3, n3, s3);
  EXPECT_EQ(n3, (std::vector<float>{2, 3, 0, 1, 3, 0, 1, 2, 0, 0, 0, 0}));
  EXPECT_THROW(top_neighbours(m.x, m.xt, 0.0, 3, neighbour, similarity), std::invalid_argument);
}

}  // namespace
}  // namespace cinerec
