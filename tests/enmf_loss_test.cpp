// ENMF's loss (host/baselines/enmf_loss.h) on tiny random data in double: the Gram-matrix
// whole-data term equals c0 times the naive sum over every (user, movie) pair of ŷ², the
// positives' term equals its definition, and both gradients match finite differences.
#include "host/baselines/enmf_loss.h"

#include <gtest/gtest.h>

#include "tests/gradcheck.h"

namespace cinerec {
namespace {

using testing::expect_gradient;
using testing::random_vector;

constexpr size_t kUsers = 5, kMovies = 7, kDim = 3;
constexpr double kC0 = 0.3;

double prediction(const std::vector<double>& p, const std::vector<double>& q,
                  const std::vector<double>& h, size_t u, size_t i) {
  double y = 0;
  for (size_t k = 0; k < kDim; ++k)
    y += h[k] * p[u * kDim + k] * q[i * kDim + k];
  return y;
}

TEST(EnmfLoss, TheGramRewriteIsTheSumOverEveryPair) {
  Rng rng(4);
  auto p = random_vector(kUsers * kDim, rng), q = random_vector(kMovies * kDim, rng),
       h = random_vector(kDim, rng);
  const auto naive = [&] {
    double sum = 0;
    for (size_t u = 0; u < kUsers; ++u) {
      for (size_t i = 0; i < kMovies; ++i)
        sum += prediction(p, q, h, u, i) * prediction(p, q, h, u, i);
    }
    return kC0 * sum;
  };
  std::vector<double> gp(p.size(), 0.0), gq(q.size(), 0.0), gh(h.size(), 0.0);
  const double loss = enmf_whole_data(p.data(), kUsers, q.data(), kMovies, h.data(), kDim, kC0,
                                      gp.data(), gq.data(), gh.data());
  EXPECT_NEAR(loss, naive(), 1e-12);
  expect_gradient(naive, p, gp, "p");
  expect_gradient(naive, q, gq, "q");
  expect_gradient(naive, h, gh, "h");
}

TEST(EnmfLoss, PositivesTermAndItsGradient) {
  Rng rng(6);
  auto pd = random_vector(kDim, rng), q = random_vector(kMovies * kDim, rng),
       h = random_vector(kDim, rng);
  const std::vector<uint32_t> positives{1, 4, 6};
  const auto definition = [&] {
    double sum = 0;
    for (const uint32_t j : positives) {
      double y = 0;
      for (size_t k = 0; k < kDim; ++k)
        y += h[k] * pd[k] * q[j * kDim + k];
      sum += (1 - kC0) * y * y - 2 * y;
    }
    return sum;
  };
  std::vector<double> gpd(kDim, 0.0), gq(q.size(), 0.0), gh(kDim, 0.0);
  const double loss = enmf_positives<double>(pd.data(), positives, q.data(), h.data(), kDim, kC0,
                                             gpd.data(), gq.data(), gh.data());
  EXPECT_NEAR(loss, definition(), 1e-12);
  expect_gradient(definition, pd, gpd, "p~");
  expect_gradient(definition, q, gq, "q");
  expect_gradient(definition, h, gh, "h");
  for (const size_t unrated : {0, 2, 3, 5}) {  // the positives' term reaches only their rows
    for (size_t k = 0; k < kDim; ++k)
      EXPECT_EQ(gq[unrated * kDim + k], 0.0) << unrated;
  }
}

}  // namespace
}  // namespace cinerec
