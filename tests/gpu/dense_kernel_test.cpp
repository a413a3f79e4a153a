// kernels/dense.cu (cuBLAS + bias/activation kernels) against its CPU twin host/cpu/dense.cpp on
// fresh random inputs, strided inputs and outputs as in the towers' concatenations, batch sizes
// 0, 1 and odd; outputs poisoned before each launch. The products sum up to 128 terms in a
// different order than OpenBLAS, and tanhf differs from the CPU's fast_tanh by a few ulps:
// relative error <= 1e-5 (of max(1, |value|)); the weight and bias gradients sum over the whole
// batch (up to 1025 terms), where rounding grows like sqrt(batch): <= 1e-4.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "cuda/cublas_handle.h"
#include "host/common/rng.h"
#include "host/cpu/dense.h"
#include "kernels/dense.cuh"
#include "tests/gpu/gpu_test_util.h"

namespace cinerec {
namespace {

struct Case {
  size_t batch;
  cpu::Activation act;
};

class DenseKernel : public ::testing::TestWithParam<Case> {};

TEST_P(DenseKernel, ForwardAndBackwardMatchCpuTwin) {
  CINEREC_REQUIRE_GPU();
  const auto [batch, act] = GetParam();
  const size_t in = 37, out = 29, ldx = in + 3, ldy = out + 5;
  Rng rng(batch * 3 + static_cast<size_t>(act));
  const auto x = testing::normal_floats(batch * ldx, rng, 1.0),
             w = testing::normal_floats(in * out, rng, 0.2),
             b = testing::normal_floats(out, rng, 0.1),
             dy = testing::normal_floats(batch * ldy, rng, 1.0);
  const auto dw0 = testing::normal_floats(in * out, rng, 0.1),
             db0 = testing::normal_floats(out, rng, 0.1);

  cpu::Dense<float> layer{in, out, w.data(), b.data(), act};
  std::vector<float> y(batch * ldy, 0.0f), dz = dy, dw = dw0, db = db0, dx(batch * in);
  cpu::dense_forward(layer, batch, x.data(), ldx, y.data(), ldy);
  cpu::dense_backward(layer, batch, x.data(), ldx, y.data(), ldy, dz.data(), ldy, dw.data(),
                      db.data(), dx.data(), in);

  cuda::CublasHandle cublas(nullptr);
  const float nan = std::numeric_limits<float>::quiet_NaN();
  cuda::DeviceBuffer<float> d_x(x), d_w(w), d_b(b), d_dy(dy), d_dw(dw0), d_db(db0);
  cuda::DeviceBuffer<float> d_y(std::vector<float>(batch * ldy, nan));
  cuda::DeviceBuffer<float> d_dx(std::vector<float>(batch * in, nan));
  cuda::DeviceBuffer<float> ones(std::vector<float>(batch + 1, 1.0f));
  const kernels::DenseLayer g{in, out, d_w.data(), d_b.data(),
                              static_cast<kernels::Activation>(act)};
  kernels::dense_forward(cublas.get(), g, batch, d_x.data(), ldx, d_y.data(), ldy, nullptr);
  // The CPU backward saw the CPU forward's y; give the GPU backward the same y so a ReLU at
  // exactly zero cannot route differently.
  cuda::DeviceBuffer<float> cpu_y(y);
  kernels::dense_backward(cublas.get(), g, batch, d_x.data(), ldx, cpu_y.data(), ldy, d_dy.data(),
                          ldy, d_dw.data(), d_db.data(), d_dx.data(), in, ones.data(), nullptr);

  const std::vector<float> got = d_y.download();
  testing::expect_untouched_past(got, batch, out, ldy, "y");
  testing::expect_close(testing::leading_columns(got, batch, out, ldy),
                        testing::leading_columns(y, batch, out, ldy), 1e-5, "y");
  testing::expect_close(d_dw.download(), dw, 1e-4, "dweight");
  testing::expect_close(d_db.download(), db, 1e-4, "dbias");
  testing::expect_close(d_dx.download(), dx, 1e-5, "dx");
}

INSTANTIATE_TEST_SUITE_P(BatchesAndActivations, DenseKernel,
                         ::testing::Values(Case{0, cpu::Activation::kRelu},
                                           Case{1, cpu::Activation::kTanh},
                                           Case{37, cpu::Activation::kNone},
                                           Case{37, cpu::Activation::kRelu},
                                           Case{1025, cpu::Activation::kTanh}));

}  // namespace
}  // namespace cinerec
