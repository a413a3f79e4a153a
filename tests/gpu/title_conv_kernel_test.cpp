// kernels/title_conv.cu against its CPU twin (host/cpu/title_conv.cpp plus the title dropout of
// host/cpu/model_pass.cpp) on fresh random inputs: odd batch sizes, batch 1, an empty batch,
// titles padded with token 0, a window as long as the title, and a title too large for the
// default 48 KiB of shared memory (the kernel opts in to more). The CPU runs the convolution
// as a GEMM, so sums are ordered differently: relative error <= 1e-5 (1e-4 for the filter and bias
// gradients, which sum over the whole batch). Arg-max positions must agree exactly (continuous
// random inputs make near-ties vanishingly rare; on the exact 1/16 grid of the large title, ties
// are exact and both sides keep the first maximum).
#include <gtest/gtest.h>

#include <limits>

#include "cuda/device_buffer.h"
#include "host/common/rng.h"
#include "host/cpu/embedding_bag.h"
#include "host/cpu/title_conv.h"
#include "host_device/determinism.h"
#include "kernels/title_conv.cuh"
#include "tests/gpu/gpu_test_util.h"

namespace cinerec {
namespace {

constexpr size_t kFilters = 5, kTokens = 40;

// `exact`: inputs on the 1/16 grid, so every sum is exact and any order gives the same bits (a
// 16-token window over 800 dims sums 12,800 products, too many for 1e-5 in arbitrary order).
struct Shape {
  size_t batch, len, dim;
  bool exact = false;
};

class TitleConvKernel : public ::testing::TestWithParam<Shape> {};

TEST_P(TitleConvKernel, ForwardAndBackwardMatchCpuTwin) {
  CINEREC_REQUIRE_GPU();
  const auto [batch, len, dim, exact] = GetParam();
  const std::vector<size_t> windows{2, 3, len};
  const size_t F = windows.size() * kFilters;
  Rng rng(batch + 11);
  const auto draw = [&](size_t n, double scale) {
    return exact ? testing::sixteenths(n, rng) : testing::normal_floats(n, rng, scale);
  };
  const auto table = draw(kTokens * dim, 1.0);
  std::vector<uint32_t> titles(batch * len, 0);  // trailing <pad> = 0 on short titles
  for (size_t b = 0; b < batch; ++b) {
    const size_t n = 1 + rng.below(len);
    for (size_t i = 0; i < n; ++i)
      titles[b * len + i] = static_cast<uint32_t>(1 + rng.below(kTokens - 1));
  }
  std::vector<std::vector<float>> weights, biases;
  for (size_t w : windows) {
    weights.push_back(draw(kFilters * w * dim, 0.3));
    biases.push_back(draw(kFilters, 0.1));
  }
  const auto dout = draw(batch * F, 1.0);
  const double p = 0.5;
  constexpr uint64_t kStep = 123, kFirstRow = 17;  // the batch: a rank's part from global row 17
  cuda::DeviceBuffer<uint64_t> step(std::vector<uint64_t>{kStep}),
      first_row(std::vector<uint64_t>{kFirstRow});
  const kernels::TitleDropout drop{
      true, 7, step.data(), dropout_threshold(p), dropout_keep_scale<float>(p), first_row.data()};

  // CPU twin: gather, convolve, dropout; backward with the dropout-scaled gradient.
  std::vector<float> x(batch * len * dim);
  cpu::embedding_forward<float>(table.data(), dim, titles, x.data(), dim);
  cpu::TitleConv<float> conv{len, dim, kFilters, windows, {}, {}};
  for (size_t i = 0; i < windows.size(); ++i)
    conv.weights.push_back(weights[i].data()), conv.biases.push_back(biases[i].data());
  std::vector<float> out(batch * F), scratch;
  std::vector<int32_t> argmax(batch * F);
  cpu::title_conv_forward(conv, batch, x.data(), out.data(), F, argmax.data(), scratch);
  std::vector<float> dpre(dout);
  for (size_t b = 0; b < batch; ++b) {
    for (size_t k = 0; k < F; ++k) {
      const float s = dropout_keep(drop.seed, kStep, kFirstRow + b, k, F, drop.threshold)
                          ? drop.keep_scale
                          : 0.0f;
      out[b * F + k] *= s;
      dpre[b * F + k] *= s;
    }
  }
  std::vector<std::vector<float>> dw, db;
  std::vector<float*> dwp, dbp;
  for (size_t i = 0; i < windows.size(); ++i)
    dw.push_back(weights[i]), db.push_back(biases[i]);  // accumulate onto non-zero
  for (size_t i = 0; i < windows.size(); ++i)
    dwp.push_back(dw[i].data()), dbp.push_back(db[i].data());
  std::vector<float> dx(x.size());
  cpu::title_conv_backward(conv, batch, x.data(), argmax.data(), dpre.data(), F, dwp, dbp,
                           dx.data());

  // GPU.
  cuda::DeviceBuffer<float> d_table(table), d_dout(dout);
  cuda::DeviceBuffer<uint32_t> d_titles(titles);
  std::vector<cuda::DeviceBuffer<float>> d_w, d_b, d_dw, d_db;
  kernels::TitleConvParams params;
  params.len = len, params.dim = dim, params.filters = kFilters, params.windows = windows.size();
  std::vector<float*> dw_ptrs, db_ptrs;
  for (size_t i = 0; i < windows.size(); ++i) {
    d_w.emplace_back(weights[i]);
    d_b.emplace_back(biases[i]);
    d_dw.emplace_back(weights[i]);
    d_db.emplace_back(biases[i]);
    params.window[i] = windows[i];
    params.weight[i] = d_w.back().data();
    params.bias[i] = d_b.back().data();
  }
  for (size_t i = 0; i < windows.size(); ++i)
    dw_ptrs.push_back(d_dw[i].data()), db_ptrs.push_back(d_db[i].data());
  const float nan = std::numeric_limits<float>::quiet_NaN();
  cuda::DeviceBuffer<float> d_out(std::vector<float>(batch * F, nan));
  cuda::DeviceBuffer<int32_t> d_argmax(std::vector<int32_t>(batch * F, 12345));
  cuda::DeviceBuffer<float> d_dx(std::vector<float>(x.size(), nan));
  cuda::DeviceBuffer<float> d_scratch(kernels::title_conv_backward_scratch(params, batch));
  kernels::title_conv_forward(params, d_table.data(), d_titles.data(), batch, drop, d_out.data(), F,
                              d_argmax.data(), nullptr);
  kernels::title_conv_backward(params, d_table.data(), d_titles.data(), batch, drop,
                               d_argmax.data(), d_dout.data(), F, dw_ptrs.data(), db_ptrs.data(),
                               d_dx.data(), d_scratch.data(), nullptr);

  EXPECT_EQ(d_argmax.download(), argmax);
  testing::expect_close(d_out.download(), out, 1e-5, "out");
  testing::expect_close(d_dx.download(), dx, 1e-5, "dtokens");
  for (size_t i = 0; i < windows.size(); ++i) {
    testing::expect_close(d_dw[i].download(), dw[i], 1e-4, "dweight");  // sums over the batch
    testing::expect_close(d_db[i].download(), db[i], 1e-4, "dbias");
  }
}

// Batch sizes: empty, one, odd, several blocks' worth; a 16 x 800 title takes 51,200 bytes.
INSTANTIATE_TEST_SUITE_P(Batches, TitleConvKernel,
                         ::testing::Values(Shape{0, 9, 12}, Shape{1, 9, 12}, Shape{37, 9, 12},
                                           Shape{300, 9, 12}, Shape{7, 16, 800, true}),
                         [](const auto& p) {
                           return "b" + std::to_string(p.param.batch) + "_len" +
                                  std::to_string(p.param.len) + "_dim" +
                                  std::to_string(p.param.dim);
                         });

}  // namespace
}  // namespace cinerec
