// kernels/mse_head.cu against its CPU twin host/cpu/mse_head.cpp: both heads, with and without
// bias terms, repeated ids, batch sizes 0, 1 and odd; outputs poisoned. A warp sums the 200
// products in a butterfly rather than in sequence: relative error <= 1e-5.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "cuda/device_buffer.h"
#include "host/common/rng.h"
#include "host/cpu/mse_head.h"
#include "kernels/mse_head.cuh"
#include "tests/gpu/gpu_test_util.h"

namespace cinerec {
namespace {

constexpr size_t F = 200, kUsers = 7, kMovies = 11;

std::vector<uint32_t> ids(size_t n, size_t range, Rng& rng) {
  std::vector<uint32_t> v(n);
  for (auto& x : v)
    x = static_cast<uint32_t>(rng.below(range));
  return v;
}

class MseHeadKernel : public ::testing::TestWithParam<std::tuple<size_t, Head, bool>> {};

TEST_P(MseHeadKernel, MatchesCpuTwin) {
  CINEREC_REQUIRE_GPU();
  const auto [n, head, biases] = GetParam();
  // With biases, the rows are a rank's part of a larger global batch, the loss its mean.
  const size_t mean_over = biases ? n + 5 : n;
  Rng rng(n + 13);
  const auto u = testing::uniform_floats(n * F, rng, -0.9, 0.9),
             m = testing::uniform_floats(n * F, rng, -0.9, 0.9);
  const auto rating = testing::uniform_floats(n, rng, 1.0, 5.0);
  const auto users = ids(n, kUsers, rng), movies = ids(n, kMovies, rng);
  const auto weight = testing::uniform_floats(2 * F, rng, -0.1, 0.1),
             bias = testing::uniform_floats(1, rng, 2.0, 3.0);
  const auto ub = testing::uniform_floats(kUsers, rng, -1, 1),
             mb = testing::uniform_floats(kMovies, rng, -1, 1),
             gb = testing::uniform_floats(1, rng, 3, 4);

  HeadParams<float> h{head, F};
  if (head == Head::kFc) h.weight = weight.data(), h.bias = bias.data();
  if (biases) h.user_bias = ub.data(), h.movie_bias = mb.data(), h.global_bias = gb.data();
  std::vector<float> pred(n), d_pred(n), du(n * F), dm(n * F), fwd(n);
  const float sse =
      cpu::mse_head_backward(h, n, u.data(), m.data(), users.data(), movies.data(), rating.data(),
                             pred.data(), d_pred.data(), du.data(), dm.data(), mean_over);
  cpu::head_forward(h, n, u.data(), m.data(), users.data(), movies.data(), fwd.data());

  cuda::DeviceBuffer<float> d_u(u), d_m(m), d_rating(rating), d_weight(weight), d_bias(bias),
      d_ub(ub), d_mb(mb), d_gb(gb);
  cuda::DeviceBuffer<uint32_t> d_users(users), d_movies(movies);
  kernels::HeadParams g{head, F};
  if (head == Head::kFc) g.weight = d_weight.data(), g.bias = d_bias.data();
  if (biases) g.user_bias = d_ub.data(), g.movie_bias = d_mb.data(), g.global_bias = d_gb.data();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const auto poisoned = [&](size_t k) {
    return cuda::DeviceBuffer<float>(std::vector<float>(k, nan));
  };
  auto o_pred = poisoned(n), o_dpred = poisoned(n), o_du = poisoned(n * F), o_dm = poisoned(n * F),
       o_sq = poisoned(n), o_fwd = poisoned(n);
  cuda::DeviceBuffer<double> total(std::vector<double>{0.5});
  cuda::DeviceBuffer<uint64_t> d_mean_over(std::vector<uint64_t>{mean_over});
  kernels::mse_head_backward(g, n, d_u.data(), d_m.data(), d_users.data(), d_movies.data(),
                             d_rating.data(), d_mean_over.data(), o_pred.data(), o_dpred.data(),
                             o_du.data(), o_dm.data(), o_sq.data(), nullptr);
  kernels::accumulate_sum(o_sq.data(), n, total.data(), nullptr);
  kernels::head_forward(g, n, d_u.data(), d_m.data(), d_users.data(), d_movies.data(), o_fwd.data(),
                        nullptr);

  testing::expect_close(o_pred.download(), pred, 1e-5, "pred");
  testing::expect_close(o_fwd.download(), fwd, 1e-5, "head_forward");
  testing::expect_close(o_dpred.download(), d_pred, 1e-5, "d_pred");
  testing::expect_close(o_du.download(), du, 1e-5, "du");
  testing::expect_close(o_dm.download(), dm, 1e-5, "dm");
  EXPECT_NEAR(total.download()[0], 0.5 + sse, 1e-5 * std::max(1.0f, sse));
}

INSTANTIATE_TEST_SUITE_P(Heads, MseHeadKernel,
                         ::testing::Combine(::testing::Values(0, 1, 333),
                                            ::testing::Values(Head::kDot, Head::kFc),
                                            ::testing::Bool()),
                         [](const auto& p) {
                           return "n" + std::to_string(std::get<0>(p.param)) + "_" +
                                  head_name(std::get<1>(p.param)) +
                                  (std::get<2>(p.param) ? "_biases" : "");
                         });

}  // namespace
}  // namespace cinerec
