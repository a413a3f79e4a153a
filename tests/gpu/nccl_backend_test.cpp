// The CUDA backend with its gradients going over NCCL, in a world of one (the one GPU a test
// machine has; NCCL refuses two ranks on one device): the all-reduce and the union of touched
// rows run for real, and must leave training bitwise as without NCCL; a rank's part of a global
// batch (its first row and the global row count in the step's device arguments) must train as
// the CPU backend trains that part. Multi-GPU runs are not tested here.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "cuda/cuda_backend.h"
#include "cuda/nccl_comm.h"
#include "host/backend/optimizer_settings.h"
#include "host/model/param_layout.h"
#include "host/model/spec_from_config.h"
#include "host/runtime/backend_factory.h"
#include "host_device/adam_update.h"
#include "tests/gpu/gpu_dataset_fixture.h"
#include "tests/gpu/gpu_test_util.h"
#include "tests/gpu/step_comparison.h"

namespace cinerec {
namespace {

std::unique_ptr<cuda::CudaBackend> cuda_backend(const Config& c, const Dataset& data,
                                                Communicator* ranks) {
  return std::make_unique<cuda::CudaBackend>(
      0, make_model_spec(c.model, data), make_optimizer_settings(c.train),
      cuda::CudaOptions{false, false, c.train.cuda_graphs}, c.train.seed, ranks);
}

struct Optimiser {
  const char* name;
  const char* embedding_optimizer;
  double weight_decay;
};

class NcclBackend : public ::testing::TestWithParam<Optimiser> {
 protected:
  // The small GPU config with the parameter's optimiser.
  Config config() const {
    Config c = testing::small_gpu_config();
    c.train.embedding_optimizer = GetParam().embedding_optimizer;
    c.train.weight_decay = GetParam().weight_decay;
    return c;
  }
  const Dataset data = testing::small_gpu_dataset();
};

TEST_P(NcclBackend, AtWorldOneTrainsBitwiseAsWithoutNccl) {
  CINEREC_REQUIRE_GPU();
  Config c = config();
  const ModelState start = testing::initial_state(c, data);
  for (const bool graphs : {true, false}) {
    c.train.cuda_graphs = graphs;
    auto alone = cuda_backend(c, data, nullptr);
    auto with_nccl = cuda_backend(c, data, &SingleProcess::instance());
    const testing::Trained a = testing::train_steps(*alone, c, data, start);
    const testing::Trained b = testing::train_steps(*with_nccl, c, data, start);
    EXPECT_EQ(b.state.params, a.state.params) << "graphs " << graphs;
    EXPECT_EQ(b.state.adam_m, a.state.adam_m) << "graphs " << graphs;
    EXPECT_EQ(b.state.adam_v, a.state.adam_v) << "graphs " << graphs;
    EXPECT_EQ(b.loss, a.loss);
  }
}

// 20 rows from row 5, 6 or 7 of each global batch of 32 (a middle rank's part): dropout by
// global row, the loss a mean over 32 rows; the CPU backend, the oracle, takes the same slices.
// One step shape, so with graphs a replayed graph must read each step's first row anew.
TEST_P(NcclBackend, APartOfAGlobalBatchTrainsAsOnTheCpuBackend) {
  CINEREC_REQUIRE_GPU();
  Config c = config();
  const ModelState start = testing::initial_state(c, data);
  const auto part = [](size_t s, size_t b) {
    const size_t first = 5 + s % 3;
    return StepSlice{s * b + first, 20, s, first, b};
  };
  auto gpu = cuda_backend(c, data, &SingleProcess::instance());
  auto cpu = make_backend("cpu", make_model_spec(c.model, data), c);
  testing::expect_same_training(testing::train_steps(*gpu, c, data, start, part),
                                testing::train_steps(*cpu, c, data, start, part), start,
                                c.train.lr * testing::kSteps);
  auto alone = cuda_backend(c, data, nullptr);
  alone->bind_data(data);
  alone->begin_epoch(data.split_indices(Split::kTrain), 1, 0);
  EXPECT_THROW(alone->train_step(part(0, 32)), std::invalid_argument);
}

// A rank with no rows in a step still runs the step's collectives and Adam: from non-zero
// moments, a zero gradient still moves every parameter Adam visits (all of them with dense Adam;
// with row-wise Adam, no embedding row, as no rank touched one), as adam_update says.
TEST_P(NcclBackend, AnEmptyPartStillStepsAdam) {
  CINEREC_REQUIRE_GPU();
  Config c = config();
  ModelState start = testing::initial_state(c, data);
  for (size_t i = 0; i < start.params.size(); ++i)
    start.adam_m[i] = 1e-3f * start.params[i], start.adam_v[i] = 1e-6f;
  const auto empty = [](size_t s, size_t b) { return StepSlice{s * b, 0, s, 0, b}; };
  auto gpu = cuda_backend(c, data, &SingleProcess::instance());
  const testing::Trained t = testing::train_steps(*gpu, c, data, start, empty);
  EXPECT_EQ(t.state.adam_step, testing::kSteps);
  EXPECT_EQ(t.loss, 0.0);
  const bool rowwise = c.train.embedding_optimizer == "rowwise";
  ModelState expected = start;
  const ParamLayout layout = param_layout(make_model_spec(c.model, data));
  for (const ParamEntry& e : layout.entries()) {
    if (rowwise && e.kind == ParamKind::kEmbedding) continue;
    for (size_t i = e.offset; i < e.offset + e.size; ++i) {
      for (uint64_t step = 1; step <= testing::kSteps; ++step) {
        adam_update(expected.params[i], 0.0f, expected.adam_m[i], expected.adam_v[i],
                    AdamStep::at(make_optimizer_settings(c.train).adam, step));
      }
    }
  }
  testing::expect_close(t.state.params, expected.params, 1e-6, "params");
  EXPECT_NE(t.state.params, start.params);
}

INSTANTIATE_TEST_SUITE_P(Optimisers, NcclBackend,
                         ::testing::Values(Optimiser{"dense", "dense", 0.0},
                                           Optimiser{"dense_l2", "dense", 0.01},
                                           Optimiser{"rowwise_l2", "rowwise", 0.01}),
                         [](const auto& p) { return std::string(p.param.name); });

TEST(NcclComm, AtWorldOneSumAndGatherAreTheIdentity) {
  CINEREC_REQUIRE_GPU();
  cuda::DeviceSelection device(0);
  cuda::NcclComm nccl(SingleProcess::instance());
  EXPECT_EQ(nccl.size(), 1);
  cuda::DeviceBuffer<float> values(std::vector<float>{1.5f, -2.0f, 3.25f});
  cuda::DeviceBuffer<uint32_t> mine(std::vector<uint32_t>{7, 3}), all(2);
  nccl.sum(values.data(), 3, nullptr);
  nccl.gather(mine.data(), all.data(), 2, nullptr);
  nccl.synchronize(nullptr);
  EXPECT_NO_THROW(nccl.check());
  EXPECT_EQ(values.download(), (std::vector<float>{1.5f, -2.0f, 3.25f}));
  EXPECT_EQ(all.download(), (std::vector<uint32_t>{7, 3}));
}

}  // namespace
}  // namespace cinerec
