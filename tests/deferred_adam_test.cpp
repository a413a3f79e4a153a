#include "host/cpu/deferred_adam.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "host/common/rng.h"

namespace cinerec::cpu {
namespace {

// Deferred dense Adam must equal plain dense Adam bit for bit, whatever the touch pattern, also
// with weight decay on the touched rows (which needs them caught up before it reads p).
class DeferredAdam : public ::testing::TestWithParam<float> {};

TEST_P(DeferredAdam, BitwiseEqualToDenseAdam) {
  const float wd = GetParam();
  const size_t offset = 5, rows = 40, dim = 7, total = offset + rows * dim + 3;
  Rng rng(3);
  std::vector<float> p0(total);
  for (auto& x : p0)
    x = static_cast<float>(rng.uniform() - 0.5);
  std::vector<float> dense_p = p0, dense_m(total, 0.0f), dense_v(total, 0.0f);
  std::vector<float> lazy_p = p0, lazy_m(total, 0.0f), lazy_v(total, 0.0f);

  DeferredDenseAdam deferred;
  const size_t table = deferred.add_table(offset, rows, dim);
  deferred.reset(0);
  for (uint64_t t = 1; t <= 60; ++t) {
    // Few rows per step, some steps none, the learning rate changing on the way.
    std::vector<uint32_t> touched;
    for (uint32_t r = 0; r < rows; ++r) {
      if (rng.uniform() < (t % 7 == 0 ? 0.0 : 0.1)) touched.push_back(r);
    }
    std::vector<float> g(total, 0.0f);
    for (uint32_t r : touched) {
      for (size_t i = 0; i < dim; ++i)
        g[offset + r * dim + i] = static_cast<float>(rng.normal());
    }
    std::vector<float> lazy_g = g;
    deferred.catch_up_rows(table, touched, lazy_p, lazy_m, lazy_v);
    for (uint32_t r : touched) {
      for (size_t i = offset + r * dim; i < offset + (r + 1) * dim; ++i)
        g[i] += wd * dense_p[i], lazy_g[i] += wd * lazy_p[i];
    }
    const AdamStep step = AdamStep::at({t < 30 ? 1e-2 : 3e-3, 0.9, 0.999, 1e-8}, t);
    adam_dense(std::span(dense_p).subspan(offset, rows * dim),
               std::span<const float>(g).subspan(offset, rows * dim),
               std::span(dense_m).subspan(offset, rows * dim),
               std::span(dense_v).subspan(offset, rows * dim), step);
    deferred.begin_step(step);
    deferred.step_rows(table, touched, lazy_p, lazy_g, lazy_m, lazy_v);
    if (t == 45) deferred.flush(lazy_p, lazy_m, lazy_v);  // a mid-run read (checkpoint, eval)
  }
  EXPECT_NE(lazy_p, dense_p);  // rows not touched lately still owe steps
  deferred.flush(lazy_p, lazy_m, lazy_v);
  EXPECT_EQ(lazy_p, dense_p);
  EXPECT_EQ(lazy_m, dense_m);
  EXPECT_EQ(lazy_v, dense_v);
  EXPECT_NE(lazy_p, p0);
}

INSTANTIATE_TEST_SUITE_P(WeightDecay, DeferredAdam, ::testing::Values(0.0f, 0.05f));

}  // namespace
}  // namespace cinerec::cpu
