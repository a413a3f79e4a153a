// Gradient checks of each CPU op against finite differences in double.
#include <gtest/gtest.h>

#include "host/cpu/dense.h"
#include "host/cpu/embedding_bag.h"
#include "host/cpu/title_conv.h"
#include "tests/gradcheck.h"

namespace cinerec::cpu {
namespace {

using testing::expect_gradient;
using testing::random_vector;
using testing::weighted_sum;

TEST(CpuOpsGradcheck, EmbeddingLookupWithRepeatedIds) {
  Rng rng(1);
  const size_t rows = 5, dim = 3;
  const std::vector<uint32_t> ids{4, 0, 4, 2};  // repeated id 4 must accumulate
  auto table = random_vector(rows * dim, rng);
  const auto w = random_vector(ids.size() * dim, rng);
  const auto loss = [&] {
    std::vector<double> out(ids.size() * dim);
    embedding_forward<double>(table.data(), dim, ids, out.data(), dim);
    return weighted_sum(out, w);
  };
  std::vector<double> grad(table.size(), 0.0);
  embedding_backward<double>(ids, dim, w.data(), dim, grad.data());
  expect_gradient(loss, table, grad, "table");
}

TEST(CpuOpsGradcheck, EmbeddingBagSumWithEmptyBags) {
  Rng rng(2);
  const size_t rows = 6, dim = 4;
  const std::vector<uint32_t> offsets{0, 2, 2, 5, 6};  // bag 1 is empty
  const std::vector<uint32_t> indices{1, 3, 0, 3, 5, 1};
  auto table = random_vector(rows * dim, rng);
  const auto w = random_vector(4 * dim, rng);
  std::vector<double> out(4 * dim, 7.0);  // poisoned: an empty bag must come out zero
  embedding_bag_forward<double>(table.data(), dim, offsets, indices, out.data());
  for (size_t d = 0; d < dim; ++d)
    EXPECT_EQ(out[dim + d], 0.0);
  const auto loss = [&] {
    embedding_bag_forward<double>(table.data(), dim, offsets, indices, out.data());
    return weighted_sum(out, w);
  };
  std::vector<double> grad(table.size(), 0.0);
  embedding_bag_backward<double>(offsets, indices, dim, w.data(), grad.data());
  expect_gradient(loss, table, grad, "table");
}

class DenseGradcheck : public ::testing::TestWithParam<Activation> {};

TEST_P(DenseGradcheck, WeightsBiasAndInput) {
  Rng rng(3);
  const size_t batch = 5, in = 4, out = 3, ldy = 7;  // strided output, as in a concatenation
  auto x = random_vector(batch * in, rng), weight = random_vector(in * out, rng),
       bias = random_vector(out, rng);
  const auto w = random_vector(batch * ldy, rng);
  std::vector<double> y(batch * ldy, 0.0);
  const auto forward = [&] {
    const Dense<double> layer{in, out, weight.data(), bias.data(), GetParam()};
    dense_forward(layer, batch, x.data(), in, y.data(), ldy);
    double s = 0.0;
    for (size_t i = 0; i < batch; ++i) {
      for (size_t j = 0; j < out; ++j)
        s += w[i * ldy + j] * y[i * ldy + j];
    }
    return s;
  };
  forward();
  std::vector<double> dy = w, dweight(in * out, 0.0), dbias(out, 0.0), dx(batch * in, 0.0);
  const Dense<double> layer{in, out, weight.data(), bias.data(), GetParam()};
  dense_backward(layer, batch, x.data(), in, y.data(), ldy, dy.data(), ldy, dweight.data(),
                 dbias.data(), dx.data(), in);
  expect_gradient(forward, weight, dweight, "weight");
  expect_gradient(forward, bias, dbias, "bias");
  expect_gradient(forward, x, dx, "x");
}

INSTANTIATE_TEST_SUITE_P(Activations, DenseGradcheck,
                         ::testing::Values(Activation::kNone, Activation::kRelu,
                                           Activation::kTanh));

TEST(CpuOpsGradcheck, TitleConvFiltersBiasesAndTokens) {
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
