// Surprise's SVD step is a gradient step: the change of every parameter divided by -lr equals the
// finite-difference gradient of mf_rating_loss, in double, with and without the biases.
#include "host/baselines/mf_sgd.h"

#include <gtest/gtest.h>

#include <vector>

#include "host/common/rng.h"
#include "tests/random_inputs.h"

namespace cinerec {
namespace {

constexpr size_t kFactors = 5;

struct Values {
  std::vector<double> p, q;
  double bu, bi;
  MfRow<double> row() { return {p.data(), q.data(), &bu, &bi}; }
  // Every parameter, in one order.
  std::vector<double*> all() {
    std::vector<double*> out = {&bu, &bi};
    for (size_t f = 0; f < kFactors; ++f)
      out.push_back(&p[f]), out.push_back(&q[f]);
    return out;
  }
};

std::vector<double> normal(Rng& rng) {
  const std::vector<float> f = testing::normal_floats(kFactors, rng);
  return {f.begin(), f.end()};
}

TEST(MfSgd, TheStepIsAGradientStepOnTheRatingLoss) {
  Rng rng(4);
  for (const bool biased : {true, false}) {
    Values v{normal(rng), normal(rng), biased ? 0.3 : 0.0, biased ? -0.2 : 0.0};
    constexpr double kMean = 3.5, kRating = 4.5, kLr = 0.01, kReg = 0.05, kH = 1e-6;
    std::vector<double> gradient;
    for (double* x : v.all()) {
      const double keep = *x;
      *x = keep + kH;
      const double up = mf_rating_loss(v.row(), kFactors, kMean, kRating, kReg, biased);
      *x = keep - kH;
      const double down = mf_rating_loss(v.row(), kFactors, kMean, kRating, kReg, biased);
      *x = keep;
      gradient.push_back((up - down) / (2 * kH));
    }
    Values after = v;
    const double err = mf_sgd_step(after.row(), kFactors, kMean, kRating, kLr, kReg, biased);
    EXPECT_NEAR(err, kRating - mf_predict(v.row(), kFactors, kMean), 1e-15);
    const auto before = v.all(), now = after.all();
    for (size_t k = 0; k < before.size(); ++k) {
      const bool frozen = !biased && k < 2;  // b_u, b_i without biases
      EXPECT_NEAR((*before[k] - *now[k]) / kLr, frozen ? 0.0 : gradient[k], 1e-7)
          << "parameter " << k << " biased " << biased;
    }
  }
}

}  // namespace
}  // namespace cinerec
