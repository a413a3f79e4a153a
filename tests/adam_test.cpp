// The CPU Adam (host/cpu/adam.cpp, the twin of kernels/adam.cu) against PyTorch's update written
// out in double: relative error <= 1e-5 over 50 steps; the row-wise variant touches only the
// listed rows and equals the dense update on them bit for bit; the zero-gradient replay equals
// dense steps with a zero gradient bit for bit.
#include "host/cpu/adam.h"

#include <gtest/gtest.h>

#include <cmath>

#include "host/common/rng.h"

namespace cinerec::cpu {
namespace {

std::vector<float> normals(size_t n, Rng& rng) {
  std::vector<float> v(n);
  for (auto& x : v)
    x = static_cast<float>(rng.normal());
  return v;
}

TEST(Adam, DenseMatchesPyTorchsUpdate) {
  const size_t n = 1037;  // odd, beyond a thread's chunk
  Rng rng(5);
  std::vector<float> p = normals(n, rng), m(n, 0.0f), v(n, 0.0f);
  std::vector<double> rp(p.begin(), p.end()), rm(n, 0.0), rv(n, 0.0);
  const AdamSettings s{3e-3, 0.9, 0.999, 1e-8};
  for (uint64_t t = 1; t <= 50; ++t) {
    const auto g = normals(n, rng);
    adam_dense(p, g, m, v, AdamStep::at(s, t));
    const double bc1 = 1 - std::pow(s.beta1, t), bc2 = 1 - std::pow(s.beta2, t);
    for (size_t i = 0; i < n; ++i) {
      rm[i] = s.beta1 * rm[i] + (1 - s.beta1) * g[i];
      rv[i] = s.beta2 * rv[i] + (1 - s.beta2) * g[i] * g[i];
      rp[i] -= s.lr / bc1 * rm[i] / (std::sqrt(rv[i]) / std::sqrt(bc2) + s.eps);
    }
  }
  for (size_t i = 0; i < n; ++i) {
    EXPECT_NEAR(p[i], rp[i], 1e-5 * std::max(1.0, std::abs(rp[i]))) << i;
    EXPECT_NEAR(m[i], rm[i], 1e-5 * std::max(1.0, std::abs(rm[i]))) << i;
    EXPECT_NEAR(v[i], rv[i], 1e-5 * std::max(1.0, std::abs(rv[i]))) << i;
  }
}

TEST(Adam, RowsUpdateOnlyTheListedRows) {
  const size_t rows = 9, dim = 5, n = rows * dim;
  Rng rng(6);
  const auto p0 = normals(n, rng), g = normals(n, rng);
  std::vector<float> p = p0, m(n, 0.25f), v(n, 0.5f);
  std::vector<float> dense_p = p0, dense_m = m, dense_v = v;
  const std::vector<uint32_t> listed{7, 0, 3};
  const AdamStep step = AdamStep::at({}, 4);
  adam_rows(p, g, m, v, dim, listed, step);
  adam_dense(dense_p, g, dense_m, dense_v, step);
  for (size_t r = 0; r < rows; ++r) {
    const bool touched = r == 7 || r == 0 || r == 3;
    for (size_t i = r * dim; i < (r + 1) * dim; ++i) {
      EXPECT_EQ(p[i], touched ? dense_p[i] : p0[i]) << "row " << r;
      EXPECT_EQ(m[i], touched ? dense_m[i] : 0.25f) << "row " << r;
      EXPECT_EQ(v[i], touched ? dense_v[i] : 0.5f) << "row " << r;
    }
  }
}

TEST(Adam, ZeroGradStepsReplayDenseSteps) {
  const size_t n = 31;
  Rng rng(7);
  std::vector<float> p = normals(n, rng), m = normals(n, rng), v(n);
  for (auto& x : v)
    x = static_cast<float>(rng.uniform());
  std::vector<float> replay_p = p, replay_m = m, replay_v = v;
  std::vector<AdamStep> steps;
  const std::vector<float> zero(n, 0.0f);
  for (uint64_t t = 3; t <= 9; ++t) {
    steps.push_back(AdamStep::at({t < 6 ? 1e-2 : 1e-3, 0.9, 0.999, 1e-8}, t));
    adam_dense(p, zero, m, v, steps.back());
  }
  adam_zero_grad_steps(replay_p, replay_m, replay_v, steps);
  EXPECT_EQ(replay_p, p);
  EXPECT_EQ(replay_m, m);
  EXPECT_EQ(replay_v, v);
}

TEST(Adam, EmptyRangesAreNoOps) {
  std::vector<float> none;
  adam_dense(none, none, none, none, AdamStep::at({}, 1));
  adam_rows(none, none, none, none, 4, {}, AdamStep::at({}, 1));
  SUCCEED();
}

}  // namespace
}  // namespace cinerec::cpu
