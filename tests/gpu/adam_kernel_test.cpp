// kernels/adam.cu against its CPU twin on fresh random inputs. The update expression is shared
// (cinerec::adam_update); nvcc may contract it into FMAs, so results agree to a few ulps:
// relative error <= 1e-6 after three steps.
#include <gtest/gtest.h>

#include "cuda/device_buffer.h"
#include "host/common/rng.h"
#include "host/cpu/adam.h"
#include "kernels/adam.cuh"
#include "kernels/row_list.cuh"
#include "tests/gpu/gpu_test_util.h"

namespace cinerec {
namespace {

struct State {
  std::vector<float> p, g, m, v;
  State(size_t n, Rng& rng)
      : p(testing::normal_floats(n, rng, 1.0)),
        g(testing::normal_floats(n, rng, 0.1)),
        m(testing::normal_floats(n, rng, 0.01)),
        v(n) {
    for (auto& x : v)
      x = static_cast<float>(rng.uniform() * 1e-3);
  }
};

class AdamKernel : public ::testing::TestWithParam<size_t> {};

TEST_P(AdamKernel, DenseMatchesCpuTwin) {
  CINEREC_REQUIRE_GPU();
  Rng rng(GetParam());
  State cpu(GetParam(), rng);
  cuda::DeviceBuffer<float> p(cpu.p), g(cpu.g), m(cpu.m), v(cpu.v);
  for (uint64_t t = 1; t <= 3; ++t) {
    const AdamStep step = AdamStep::at({1e-3, 0.9, 0.999, 1e-8}, t);
    cpu::adam_dense(cpu.p, cpu.g, cpu.m, cpu.v, step);
    const cuda::DeviceBuffer<AdamStep> d_step(std::vector<AdamStep>{step});
    kernels::adam_dense(p.data(), g.data(), m.data(), v.data(), p.size(), d_step.data(), nullptr);
  }
  CINEREC_CUDA_CHECK(cudaDeviceSynchronize());
  testing::expect_close(p.download(), cpu.p, 1e-6, "p");
  testing::expect_close(m.download(), cpu.m, 1e-6, "m");
  testing::expect_close(v.download(), cpu.v, 1e-6, "v");
}

// Sizes: empty, one element, odd, and more than one grid-stride sweep.
INSTANTIATE_TEST_SUITE_P(Sizes, AdamKernel, ::testing::Values(0, 1, 4099, 20000003));

TEST(AdamKernel, RowsTouchOnlyTheListedRows) {
  CINEREC_REQUIRE_GPU();
  Rng rng(7);
  const size_t rows = 101, dim = 33;
  State cpu(rows * dim, rng);
  const std::vector<uint32_t> touched{0, 17, 100, 55};
  cuda::DeviceBuffer<float> p(cpu.p), g(cpu.g), m(cpu.m), v(cpu.v);
  cuda::DeviceBuffer<uint32_t> ids(touched);
  const std::vector<float> before = cpu.p;
  const AdamStep step = AdamStep::at({1e-2, 0.9, 0.999, 1e-8}, 4);
  cpu::adam_rows(cpu.p, cpu.g, cpu.m, cpu.v, dim, touched, step);
  const cuda::DeviceBuffer<AdamStep> d_step(std::vector<AdamStep>{step});
  kernels::adam_rows(p.data(), g.data(), m.data(), v.data(), dim, ids.data(), touched.size(),
                     d_step.data(), nullptr);
  const std::vector<float> gpu = p.download();
  testing::expect_close(gpu, cpu.p, 1e-6, "p");
  EXPECT_EQ(gpu[dim * 1], before[dim * 1]);  // row 1 was not listed: bit for bit untouched
  EXPECT_NE(gpu[dim * 17], before[dim * 17]);
}

// A sorted row list as the embedding backward produces it: repeats and padding are visited once
// and never, for both Adam and the weight decay.
TEST(AdamKernel, RowListsSkipRepeatsAndPadding) {
  CINEREC_REQUIRE_GPU();
  Rng rng(8);
  const size_t rows = 20, dim = 5;
  State cpu(rows * dim, rng);
  const std::vector<uint32_t> unique{2, 9, 13};
  const std::vector<uint32_t> list{2, 2, 2, 9, 13, 13, kernels::kPadRow, kernels::kPadRow};
  cuda::DeviceBuffer<float> p(cpu.p), g(cpu.g), m(cpu.m), v(cpu.v);
  cuda::DeviceBuffer<uint32_t> ids(list);
  const AdamStep step = AdamStep::at({1e-2, 0.9, 0.999, 1e-8}, 2);
  const cuda::DeviceBuffer<AdamStep> d_step(std::vector<AdamStep>{step});
  cpu::adam_rows(cpu.p, cpu.g, cpu.m, cpu.v, dim, unique, step);
  kernels::adam_rows(p.data(), g.data(), m.data(), v.data(), dim, ids.data(), list.size(),
                     d_step.data(), nullptr);
  testing::expect_close(p.download(), cpu.p, 1e-6, "p");
  testing::expect_close(v.download(), cpu.v, 1e-6, "v");

  // Weight decay on the same list: each listed row gets wd * p exactly once.
  const float wd = 0.25f;
  std::vector<float> g_host(rows * dim, 1.0f), p_host(rows * dim);
  for (size_t i = 0; i < p_host.size(); ++i)
    p_host[i] = static_cast<float>(i);
  cuda::DeviceBuffer<float> dg(g_host), dp(p_host);
  kernels::add_row_weight_decay(dg.data(), dp.data(), dim, ids.data(), list.size(), wd, nullptr);
  for (uint32_t r : unique) {
    for (size_t d = 0; d < dim; ++d)
      g_host[r * dim + d] += wd * p_host[r * dim + d];
  }
  EXPECT_EQ(dg.download(), g_host);
}

}  // namespace
}  // namespace cinerec
