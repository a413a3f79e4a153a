// kernels/title_pool.cu (the pooling half of the cuDNN title CNN) against the definition the CPU
// twin computes (host/cpu/title_conv.cpp's pooling), written out here: per (row, window, filter)
// the first maximum over positions plus the bias, ReLU, the dropout factor of docs/model.md; the
// backward routes the gradient to the arg-max position only. Exact (no sums), with dropout on and
// off, batches 0, 1 and odd, a window as long as the title; outputs poisoned with NaN, and the
// output's columns past the features (a concatenation's other slots) left untouched.
#include <gtest/gtest.h>

#include <limits>

#include "cuda/device_buffer.h"
#include "host_device/determinism.h"
#include "kernels/title_pool.cuh"
#include "tests/gpu/gpu_test_util.h"

namespace cinerec {
namespace {

constexpr size_t kLen = 7, kFilters = 3, kLd = 11;
constexpr size_t kWindows[] = {2, 3, 7};
constexpr uint64_t kSeed = 21, kStep = 5;
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

struct PoolCase {
  size_t batch;
  bool train;
};

class TitlePoolKernel : public ::testing::TestWithParam<PoolCase> {};

TEST_P(TitlePoolKernel, EqualsTheDefinition) {
  CINEREC_REQUIRE_GPU();
  const auto [batch, train] = GetParam();
  kernels::TitleConvParams c;
  c.len = kLen, c.filters = kFilters, c.windows = std::size(kWindows);
  const size_t F = c.features();
  Rng rng(batch + 3);
  std::vector<std::vector<float>> conv, bias;
  std::vector<cuda::DeviceBuffer<float>> d_conv, d_bias, d_dconv;
  for (size_t wi = 0; wi < c.windows; ++wi) {
    c.window[wi] = kWindows[wi];
    conv.push_back(testing::normal_floats(batch * kFilters * (kLen - kWindows[wi] + 1), rng, 1.0));
    bias.push_back(testing::normal_floats(kFilters, rng, 0.5));
    d_conv.emplace_back(conv.back());
    d_bias.emplace_back(bias.back());
    d_dconv.emplace_back(std::vector<float>(conv.back().size(), kNaN));
    c.bias[wi] = d_bias.back().data();
  }
  const double p = 0.3;
  cuda::DeviceBuffer<uint64_t> step(std::vector<uint64_t>{kStep});
  const kernels::TitleDropout drop{train, kSeed, step.data(), dropout_threshold(p),
                                   dropout_keep_scale<float>(p)};
  const auto scale = [&](size_t b, size_t k) {
    return !train                                                      ? 1.0f
           : dropout_keep(kSeed, kStep, b, k, F, dropout_threshold(p)) ? drop.keep_scale
                                                                       : 0.0f;
  };

  cuda::DeviceBuffer<float> out(std::vector<float>(batch * kLd, kNaN));
  cuda::DeviceBuffer<int32_t> argmax(std::vector<int32_t>(batch * F, -7));
  const auto dout = testing::normal_floats(batch * kLd, rng, 1.0);
  cuda::DeviceBuffer<float> d_dout(dout);
  std::vector<const float*> conv_ptrs;
  std::vector<float*> dconv_ptrs;
  for (size_t wi = 0; wi < c.windows; ++wi)
    conv_ptrs.push_back(d_conv[wi].data()), dconv_ptrs.push_back(d_dconv[wi].data());
  kernels::title_pool_forward(c, conv_ptrs.data(), batch, drop, out.data(), kLd, argmax.data(),
                              nullptr);
  kernels::title_pool_backward(c, batch, drop, argmax.data(), d_dout.data(), kLd, dconv_ptrs.data(),
                               nullptr);
  CINEREC_CUDA_CHECK(cudaDeviceSynchronize());

  const auto got = out.download();
  const auto got_argmax = argmax.download();
  for (size_t b = 0; b < batch; ++b) {
    for (size_t k = 0; k < F; ++k) {
      const size_t wi = k / kFilters, f = k % kFilters, positions = kLen - kWindows[wi] + 1;
      const float* row = conv[wi].data() + (b * kFilters + f) * positions;
      size_t best = 0;
      for (size_t q = 1; q < positions; ++q)
        best = row[q] > row[best] ? q : best;
      const float v = row[best] + bias[wi][f];
      EXPECT_EQ(got[b * kLd + k], (v > 0 ? v : 0.0f) * scale(b, k)) << b << "," << k;
      EXPECT_EQ(got_argmax[b * F + k], v > 0 ? static_cast<int32_t>(best) : -1) << b << "," << k;
    }
  }
  testing::expect_untouched_past(got, batch, F, kLd, "out");
  for (size_t wi = 0; wi < c.windows; ++wi) {
    const auto dconv = d_dconv[wi].download();
    const size_t positions = kLen - kWindows[wi] + 1;
    for (size_t b = 0; b < batch; ++b) {
      for (size_t f = 0; f < kFilters; ++f) {
        const size_t k = wi * kFilters + f;
        for (size_t q = 0; q < positions; ++q) {
          const float expected = got_argmax[b * F + k] == static_cast<int32_t>(q)
                                     ? dout[b * kLd + k] * scale(b, k)
                                     : 0.0f;
          EXPECT_EQ(dconv[(b * kFilters + f) * positions + q], expected)
              << "window " << wi << " row " << b << " filter " << f << " position " << q;
        }
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Batches, TitlePoolKernel,
                         ::testing::Values(PoolCase{0, true}, PoolCase{1, false}, PoolCase{1, true},
                                           PoolCase{13, false}, PoolCase{13, true}));

}  // namespace
}  // namespace cinerec
