// Training steps on a backend and the comparison of two backends' results, for the GPU tests
// (tests/gpu/cuda_backend_test.cpp explains the tolerances).
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <vector>

#include "host/backend/backend.h"
#include "host/config/config.h"
#include "host/data/dataset/dataset.h"
#include "host/model/init.h"
#include "host/model/spec_from_config.h"

namespace cinerec::testing {

inline constexpr size_t kSteps = 10;

struct Trained {
  ModelState state;
  double loss = 0.0;
};

// Step s of batch size b: positions s * b, ..., the last a short tail of 13 rows.
inline StepSlice whole_batch(size_t s, size_t b) {
  return {s * b, s + 1 == kSteps ? 13 : b, s};
}

// kSteps steps from `start` on the first epoch's order, each step's rows given by `slice`.
inline Trained train_steps(
    Backend& backend, const Config& c, const Dataset& data, const ModelState& start,
    const std::function<StepSlice(size_t s, size_t b)>& slice = whole_batch) {
  backend.set_state(start);
  backend.bind_data(data);
  backend.begin_epoch(data.split_indices(Split::kTrain), c.train.seed, 0);
  for (size_t s = 0; s < kSteps; ++s)
    backend.train_step(slice(s, c.train.batch_size));
  const double loss = backend.take_loss_sum();
  return {backend.state(), loss};
}

inline ModelState initial_state(const Config& c, const Dataset& data) {
  const ParamLayout layout = param_layout(make_model_spec(c.model, data));
  ModelState s;
  s.params = init_parameters(layout, 3, 3.0);
  s.adam_m.assign(s.params.size(), 0.0f);
  s.adam_v.assign(s.params.size(), 0.0f);
  return s;
}

// ||a - b|| / ||b||.
inline double relative_gap(const std::vector<float>& a, const std::vector<float>& b) {
  double gap = 0.0, norm = 0.0;
  for (size_t i = 0; i < b.size(); ++i) {
    gap += (double{a[i]} - b[i]) * (double{a[i]} - b[i]);
    norm += double{b[i]} * b[i];
  }
  return std::sqrt(gap / norm);
}

// `lr_sum`: the learning rates of all steps summed, the most Adam can move one element.
inline void expect_same_training(const Trained& gpu, const Trained& cpu, const ModelState& start,
                                 double lr_sum) {
  ASSERT_EQ(gpu.state.params.size(), cpu.state.params.size());
  EXPECT_EQ(gpu.state.adam_step, cpu.state.adam_step);
  EXPECT_NEAR(gpu.loss, cpu.loss, 1e-4 * cpu.loss);
  double diff = 0.0, moved = 0.0, worst = 0.0;
  for (size_t i = 0; i < cpu.state.params.size(); ++i) {
    const double d = gpu.state.params[i] - cpu.state.params[i];
    const double m = cpu.state.params[i] - start.params[i];
    diff += d * d, moved += m * m, worst = std::max(worst, std::abs(d));
  }
  EXPECT_GT(moved, 0.0);
  EXPECT_LE(std::sqrt(diff), 1e-3 * std::sqrt(moved));
  EXPECT_LE(worst, 2.0 * lr_sum);
  ASSERT_EQ(gpu.state.adam_m.size(), cpu.state.adam_m.size());
  EXPECT_LE(relative_gap(gpu.state.adam_m, cpu.state.adam_m), 1e-3);
  EXPECT_LE(relative_gap(gpu.state.adam_v, cpu.state.adam_v), 1e-3);
}

}  // namespace cinerec::testing
