// The head and MSE loss (host/cpu/mse_head.cpp, the twin of kernels/mse_head.cu): the returned sum
// of squared errors and the predictions against the definition, and d(pre-tanh) of both towers
// against finite differences in double, for the dot and fc heads, with and without the bias terms.
#include "host/cpu/mse_head.h"

#include <gtest/gtest.h>

#include <cmath>

#include "host/model/head.h"
#include "tests/gradcheck.h"

namespace cinerec::cpu {
namespace {

using testing::expect_gradient;
using testing::random_vector;

struct HeadCase {
  Head head;
  bool biases;
};

class MseHead : public ::testing::TestWithParam<HeadCase> {};

TEST_P(MseHead, LossPredictionsAndTowerGradients) {
  const auto [kind, biases] = GetParam();
  const size_t n = 5, F = 3, users = 4, movies = 6;
  Rng rng(9);
  auto pre_u = random_vector(n * F, rng, -2, 2), pre_m = random_vector(n * F, rng, -2, 2);
  const auto weight = random_vector(2 * F, rng), bias = random_vector(1, rng);
  const auto user_bias = random_vector(users, rng), movie_bias = random_vector(movies, rng),
             global = random_vector(1, rng);
  const std::vector<uint32_t> user{0, 3, 3, 1, 2}, movie{5, 0, 2, 2, 4};
  const std::vector<float> rating{1, 5, 3, 4, 2};
  HeadParams<double> h{kind, F};
  if (kind == Head::kFc) h.weight = weight.data(), h.bias = bias.data();
  if (biases)
    h.user_bias = user_bias.data(), h.movie_bias = movie_bias.data(), h.global_bias = global.data();

  const auto towers = [&](const std::vector<double>& pre) {
    std::vector<double> t(pre.size());
    for (size_t i = 0; i < pre.size(); ++i)
      t[i] = std::tanh(pre[i]);
    return t;
  };
  const auto expected_pred = [&](const std::vector<double>& u, const std::vector<double>& m,
                                 size_t i) {
    double p = kind == Head::kFc ? bias[0] : 0.0;
    for (size_t k = 0; k < F; ++k) {
      p += kind == Head::kFc ? u[i * F + k] * weight[k] + m[i * F + k] * weight[F + k]
                             : u[i * F + k] * m[i * F + k];
    }
    return p + (biases ? user_bias[user[i]] + movie_bias[movie[i]] + global[0] : 0.0);
  };
  const auto mean_squared_error = [&] {
    const auto u = towers(pre_u), m = towers(pre_m);
    double sse = 0;
    for (size_t i = 0; i < n; ++i)
      sse += std::pow(expected_pred(u, m, i) - rating[i], 2);
    return sse / n;
  };

  const auto u = towers(pre_u), m = towers(pre_m);
  std::vector<double> pred(n, 9.0), d_pred(n, 9.0), du(n * F, 9.0), dm(n * F, 9.0);  // poisoned
  const double sse =
      mse_head_backward(h, n, u.data(), m.data(), user.data(), movie.data(), rating.data(),
                        pred.data(), d_pred.data(), du.data(), dm.data(), n);
  EXPECT_NEAR(sse / n, mean_squared_error(), 1e-12);
  for (size_t i = 0; i < n; ++i) {
    EXPECT_NEAR(pred[i], expected_pred(u, m, i), 1e-12) << i;
    EXPECT_NEAR(d_pred[i], 2 * (pred[i] - rating[i]) / n, 1e-12) << i;
  }
  expect_gradient(mean_squared_error, pre_u, du, "du");
  expect_gradient(mean_squared_error, pre_m, dm, "dm");

  // A rank's part of a global batch of 2n rows: the same errors over twice the rows, exactly.
  std::vector<double> half_d_pred(n), half_du(n * F), half_dm(n * F);
  mse_head_backward(h, n, u.data(), m.data(), user.data(), movie.data(), rating.data(), pred.data(),
                    half_d_pred.data(), half_du.data(), half_dm.data(), 2 * n);
  for (size_t i = 0; i < n * F; ++i) {
    ASSERT_EQ(half_du[i], du[i] / 2) << i;
    ASSERT_EQ(half_dm[i], dm[i] / 2) << i;
  }
  for (size_t i = 0; i < n; ++i)
    ASSERT_EQ(half_d_pred[i], d_pred[i] / 2) << i;

  std::vector<double> forward(n, 9.0);
  head_forward(h, n, u.data(), m.data(), user.data(), movie.data(), forward.data());
  EXPECT_EQ(forward, pred);
}

INSTANTIATE_TEST_SUITE_P(Heads, MseHead,
                         ::testing::Values(HeadCase{Head::kDot, false}, HeadCase{Head::kDot, true},
                                           HeadCase{Head::kFc, false}, HeadCase{Head::kFc, true}),
                         [](const auto& param_info) {
                           return std::string(head_name(param_info.param.head)) +
                                  (param_info.param.biases ? "WithBiases" : "");
                         });

TEST(MseHead, EmptyBatch) {
  HeadParams<double> h{Head::kDot, 3};
  EXPECT_EQ(mse_head_backward<double>(h, 0, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr,
                                      nullptr, nullptr, nullptr, 0),
            0.0);
}

}  // namespace
}  // namespace cinerec::cpu
