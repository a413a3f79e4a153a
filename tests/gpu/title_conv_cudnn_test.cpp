// The cuDNN title CNN (cuda/title_conv_cudnn.cpp + kernels/title_pool.cu) against the fused kernels
// of kernels/title_conv.cu, which are themselves checked against the CPU twin: the same outputs
// and gradients on fresh random inputs, titles shorter than the widest window (trailing <pad>),
// dropout on, batch sizes 0, 1 and odd; outputs poisoned. cuDNN sums the window products in its
// own order: relative error <= 1e-5 (1e-4 for the filter and bias gradients: batch-long sums).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "cuda/title_conv_cudnn.h"
#include "host/common/rng.h"
#include "kernels/title_conv.cuh"
#include "tests/gpu/gpu_test_util.h"

namespace cinerec {
namespace {

constexpr size_t kLen = 9, kDim = 12, kFilters = 5, kTokens = 40;

class TitleConvCudnn : public ::testing::TestWithParam<size_t> {};

TEST_P(TitleConvCudnn, MatchesTheFusedKernels) {
  CINEREC_REQUIRE_GPU();
  const size_t batch = GetParam();
  ModelSpec spec;
  spec.title_len = kLen, spec.token_dim = kDim, spec.title_filters = kFilters;
  spec.title_windows = {2, 4, 6};
  const size_t F = spec.title_features();
  Rng rng(batch + 5);
  cuda::DeviceBuffer<float> table(testing::normal_floats(kTokens * kDim, rng, 1.0));
  std::vector<uint32_t> titles(batch * kLen, 0);
  for (size_t b = 0; b < batch; ++b) {
    for (size_t i = 0, n = 1 + rng.below(kLen); i < n; ++i)
      titles[b * kLen + i] = static_cast<uint32_t>(1 + rng.below(kTokens - 1));
  }
  cuda::DeviceBuffer<uint32_t> d_titles(titles);
  std::vector<cuda::DeviceBuffer<float>> w, bias, dw_fused, db_fused, dw_cudnn, db_cudnn;
  kernels::TitleConvParams conv;
  conv.len = kLen, conv.dim = kDim, conv.filters = kFilters, conv.windows = 3;
  for (size_t i = 0; i < 3; ++i) {
    const size_t width = spec.title_windows[i];
    w.emplace_back(testing::normal_floats(kFilters * width * kDim, rng, 0.3));
    bias.emplace_back(testing::normal_floats(kFilters, rng, 0.1));
    const auto dw0 = testing::normal_floats(kFilters * width * kDim, rng, 0.1),
               db0 = testing::normal_floats(kFilters, rng, 0.1);
    dw_fused.emplace_back(dw0), dw_cudnn.emplace_back(dw0);
    db_fused.emplace_back(db0), db_cudnn.emplace_back(db0);
    conv.window[i] = width, conv.weight[i] = w[i].data(), conv.bias[i] = bias[i].data();
  }
  const auto pointers = [](std::vector<cuda::DeviceBuffer<float>>& v) {
    std::vector<float*> p;
    for (auto& b : v)
      p.push_back(b.data());
    return p;
  };
  cuda::DeviceBuffer<uint64_t> step(std::vector<uint64_t>{42});
  const kernels::TitleDropout drop{true, 3, step.data(), dropout_threshold(0.3), 1.0f / 0.7f};
  const size_t ld = F + 2;
  cuda::DeviceBuffer<float> dout(testing::normal_floats(batch * ld, rng, 1.0));
  const float nan = std::numeric_limits<float>::quiet_NaN();
  cuda::DeviceBuffer<float> out_fused(std::vector<float>(batch * ld, nan)),
      out_cudnn(std::vector<float>(batch * ld, nan));
  cuda::DeviceBuffer<float> dx_fused(std::vector<float>(batch * kLen * kDim, nan)),
      dx_cudnn(std::vector<float>(batch * kLen * kDim, nan));
  cuda::DeviceBuffer<int32_t> argmax(batch * F);

  cuda::DeviceBuffer<float> scratch(kernels::title_conv_backward_scratch(conv, batch));
  kernels::title_conv_forward(conv, table.data(), d_titles.data(), batch, drop, out_fused.data(),
                              ld, argmax.data(), nullptr);
  kernels::title_conv_backward(conv, table.data(), d_titles.data(), batch, drop, argmax.data(),
                               dout.data(), ld, pointers(dw_fused).data(),
                               pointers(db_fused).data(), dx_fused.data(), scratch.data(), nullptr);
  cuda::TitleConvCudnn cudnn(spec, nullptr);
  cudnn.reserve(batch);
  cudnn.forward(conv, table.data(), d_titles.data(), batch, drop, out_cudnn.data(), ld);
  cudnn.backward(conv, batch, drop, dout.data(), ld, pointers(dw_cudnn).data(),
                 pointers(db_cudnn).data(), dx_cudnn.data());

  // Each row's first F columns are written; the two past them belong to others.
  const std::vector<float> cudnn_out = out_cudnn.download(), fused_out = out_fused.download();
  testing::expect_untouched_past(cudnn_out, batch, F, ld, "out (cuDNN)");
  testing::expect_untouched_past(fused_out, batch, F, ld, "out (fused)");
  testing::expect_close(testing::leading_columns(cudnn_out, batch, F, ld),
                        testing::leading_columns(fused_out, batch, F, ld), 1e-5, "out");
  testing::expect_close(dx_cudnn.download(), dx_fused.download(), 1e-5, "dtokens");
  for (size_t i = 0; i < 3; ++i) {
    testing::expect_close(dw_cudnn[i].download(), dw_fused[i].download(), 1e-4, "dweight");
    testing::expect_close(db_cudnn[i].download(), db_fused[i].download(), 1e-4, "dbias");
  }
}

INSTANTIATE_TEST_SUITE_P(Batches, TitleConvCudnn, ::testing::Values(0, 1, 77));

}  // namespace
}  // namespace cinerec
