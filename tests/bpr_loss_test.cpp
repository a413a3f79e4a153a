// RecBole's BPR loss and its gradient, against finite differences in double, and the loss's
// values at its extremes.
#include "host/baselines/bpr_loss.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "host/common/rng.h"
#include "tests/random_inputs.h"

namespace cinerec {
namespace {

std::vector<double> normal(size_t n, Rng& rng) {
  const std::vector<float> f = testing::normal_floats(n, rng);
  return {f.begin(), f.end()};
}

TEST(BprLoss, GradientMatchesFiniteDifferences) {
  Rng rng(2);
  constexpr size_t kDim = 6;
  constexpr double kWeight = 0.25, kH = 1e-6;
  for (int trial = 0; trial < 5; ++trial) {
    std::vector<double> p = normal(kDim, rng), qi = normal(kDim, rng), qj = normal(kDim, rng);
    std::vector<double> gp(kDim, 0.0), gqi(kDim, 0.0), gqj(kDim, 0.0);
    const double loss = bpr_backward(p.data(), qi.data(), qj.data(), kDim, kWeight, gp.data(),
                                     gqi.data(), gqj.data());
    EXPECT_DOUBLE_EQ(loss, bpr_loss(p.data(), qi.data(), qj.data(), kDim));
    for (auto [x, g] : {std::pair{&p, &gp}, {&qi, &gqi}, {&qj, &gqj}}) {
      for (size_t k = 0; k < kDim; ++k) {
        const double keep = (*x)[k];
        (*x)[k] = keep + kH;
        const double up = bpr_loss(p.data(), qi.data(), qj.data(), kDim);
        (*x)[k] = keep - kH;
        const double down = bpr_loss(p.data(), qi.data(), qj.data(), kDim);
        (*x)[k] = keep;
        EXPECT_NEAR((*g)[k], kWeight * (up - down) / (2 * kH), 1e-7) << "trial " << trial;
      }
    }
  }
}

TEST(BprLoss, IsLog2AtAZeroMarginAndVanishesForALargeOne) {
  const std::vector<double> p = {1.0, 2.0}, same = {0.5, 0.5}, far = {50.0, 50.0};
  EXPECT_NEAR(bpr_loss(p.data(), same.data(), same.data(), 2), std::log(2.0), 1e-9);
  EXPECT_NEAR(bpr_loss(p.data(), far.data(), same.data(), 2), 0.0, 1e-9);
  // RecBole's gamma bounds the loss of a hopeless triple at -log(1e-10).
  EXPECT_NEAR(bpr_loss(p.data(), same.data(), far.data(), 2), -std::log(kBprGamma), 1e-6);
}

}  // namespace
}  // namespace cinerec
