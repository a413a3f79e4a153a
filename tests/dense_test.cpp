// Finite-difference gradient checks in double of the dense layer (host/cpu/dense.cpp, the CPU twin
// of kernels/dense.cu).
#include <gtest/gtest.h>

#include "host/cpu/dense.h"
#include "tests/gradcheck.h"

namespace cinerec::cpu {
namespace {

using testing::expect_gradient;
using testing::random_vector;

class DenseGradient : public ::testing::TestWithParam<Activation> {};

TEST_P(DenseGradient, WeightsBiasAndInput) {
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

INSTANTIATE_TEST_SUITE_P(Activations, DenseGradient,
                         ::testing::Values(Activation::kNone, Activation::kRelu, Activation::kTanh,
                                           Activation::kSigmoid));

}  // namespace
}  // namespace cinerec::cpu
