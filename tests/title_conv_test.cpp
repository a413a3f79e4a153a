// Finite-difference gradient checks in double of the title CNN (host/cpu/title_conv.cpp, the CPU
// twin of kernels/title_conv.cu and kernels/title_pool.cu).
#include <gtest/gtest.h>

#include "host/cpu/title_conv.h"
#include "tests/gradcheck.h"

namespace cinerec::cpu {
namespace {

using testing::expect_gradient;
using testing::random_vector;
using testing::weighted_sum;

TEST(TitleConv, GradientOfFiltersBiasesAndTokens) {
  Rng rng(4);
  const size_t batch = 3, len = 6, dim = 4, filters = 3;
  const std::vector<size_t> windows{2, 3, 6};  // 6: a window as long as the title
  auto x = random_vector(batch * len * dim, rng);
  std::vector<std::vector<double>> weights, biases;
  for (size_t w : windows) {
    weights.push_back(random_vector(filters * w * dim, rng));
    biases.push_back(random_vector(filters, rng, -0.2, 0.4));
  }
  const size_t features = windows.size() * filters;
  const auto wsum = random_vector(batch * features, rng);
  std::vector<double> out(batch * features);
  std::vector<int32_t> argmax(batch * features);
  std::vector<double> scratch;
  const auto conv = [&] {
    TitleConv<double> c{len, dim, filters, windows, {}, {}};
    for (size_t i = 0; i < windows.size(); ++i) {
      c.weights.push_back(weights[i].data());
      c.biases.push_back(biases[i].data());
    }
    return c;
  };
  const auto loss = [&] {
    title_conv_forward(conv(), batch, x.data(), out.data(), features, argmax.data(), scratch);
    return weighted_sum(out, wsum);
  };
  loss();
  size_t open = 0;
  for (int32_t a : argmax)
    open += a >= 0 ? 1 : 0;
  EXPECT_GT(open, features);  // most ReLUs open, so the check exercises the scatter

  std::vector<std::vector<double>> dweights, dbiases;
  std::vector<double*> dw, db;
  for (size_t i = 0; i < windows.size(); ++i) {
    dweights.emplace_back(weights[i].size(), 0.0);
    dbiases.emplace_back(filters, 0.0);
  }
  for (size_t i = 0; i < windows.size(); ++i)
    dw.push_back(dweights[i].data()), db.push_back(dbiases[i].data());
  std::vector<double> dx(x.size(), 5.0);  // poisoned: backward must overwrite it
  title_conv_backward(conv(), batch, x.data(), argmax.data(), wsum.data(), features, dw, db,
                      dx.data());
  expect_gradient(loss, x, dx, "tokens");
  for (size_t i = 0; i < windows.size(); ++i) {
    expect_gradient(loss, weights[i], dweights[i], "filters");
    expect_gradient(loss, biases[i], dbiases[i], "bias");
  }
}

}  // namespace
}  // namespace cinerec::cpu
