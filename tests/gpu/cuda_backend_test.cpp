// The CUDA backend against the CPU backend (the oracle) over whole training steps: the same
// initial parameters, epoch order, batches and dropout masks on both sides.
//
// Tolerance: each step's gradients agree to ~1e-6 relative (summation order differs: cuBLAS vs
// OpenBLAS, segment sums vs running sums), but Adam divides by sqrt(v), so a gradient that nearly
// cancels can still move its parameter by up to lr in a different direction. We therefore bound
// (a) the parameter difference relative to the parameters' total movement (1e-3) and (b) every
// element by 2 * lr * steps; the summed losses must agree to 1e-4 relative. Adam's step does not
// see a gradient's scale, so the moments are compared too: m and v (running means of g and g^2)
// agree to 1e-3 relative in norm, which a doubled or halved gradient anywhere would break.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "host/data/dataset/dataset_io.h"
#include "host/model/init.h"
#include "host/model/model_wiring.h"
#include "host/model/spec_from_config.h"
#include "host/runtime/backend_factory.h"
#include "host/runtime/trained_model.h"
#include "host/train/checkpoint.h"
#include "host/train/trainer.h"
#include "tests/gpu/gpu_dataset_fixture.h"
#include "tests/gpu/gpu_test_util.h"
#include "tests/gpu/step_comparison.h"
#include "tests/test_util.h"

namespace cinerec {
namespace {

namespace fs = std::filesystem;
using testing::expect_same_training;
using testing::initial_state;
using testing::kSteps;
using testing::Trained;

// kSteps steps on positions 0, 32, ...; the last step is a short tail batch (eager after the
// graph was captured for the full size).
Trained train_steps(const std::string& device, const Config& c, const Dataset& data,
                    const ModelState& start) {
  auto backend = make_backend(device, make_model_spec(c.model, data), c);
  return testing::train_steps(*backend, c, data, start);
}

// The small dataset written to `dir` and read back, as the training loop needs a path.
Dataset dataset_on_disk(const fs::path& dir) {
  write_dataset(testing::small_gpu_dataset(), dir, OutputPolicy::replace());
  return load_dataset(dir);
}

struct Variant {
  const char* name;
  const char* head;
  bool biases;
  const char* embedding_optimizer;
  double weight_decay;
};

class CudaBackendSteps : public ::testing::TestWithParam<Variant> {};

TEST_P(CudaBackendSteps, TenStepsMatchTheCpuBackend) {
  CINEREC_REQUIRE_GPU();
  const Variant v = GetParam();
  const Dataset data = testing::small_gpu_dataset();
  Config c = testing::small_gpu_config();
  c.model.head = v.head;
  c.model.biases = v.biases;
  c.train.embedding_optimizer = v.embedding_optimizer;
  c.train.weight_decay = v.weight_decay;
  const ModelState start = initial_state(c, data);
  expect_same_training(train_steps("cuda", c, data, start), train_steps("cpu", c, data, start),
                       start, c.train.lr * kSteps);
}

INSTANTIATE_TEST_SUITE_P(Models, CudaBackendSteps,
                         ::testing::Values(Variant{"dot_dense", "dot", false, "dense", 0.0},
                                           Variant{"fc_biases_dense", "fc", true, "dense", 0.0},
                                           Variant{"dot_dense_l2", "dot", false, "dense", 0.01},
                                           Variant{"dot_biases_rowwise_l2", "dot", true, "rowwise",
                                                   0.01}),
                         [](const auto& p) { return std::string(p.param.name); });

// Whole epochs through the training loop: the order re-drawn each epoch, the learning rate decayed
// between epochs (it reaches the captured graph through device memory), a short last batch and
// mid-epoch checkpoints (loss read back mid-epoch); the summed epoch losses must agree.
TEST(CudaBackend, ThreeEpochsThroughTheTrainingLoopMatchTheCpuBackend) {
  CINEREC_REQUIRE_GPU();
  testing::ScratchDir tmp;
  const Dataset data = dataset_on_disk(tmp / "ds");
  Config c = testing::small_gpu_config();
  c.train.epochs = 3;
  c.train.lr_decay = 0.5;
  c.train.checkpoint_every = 7;
  // The training loop starts from init_parameters(seed, mean training rating): the same here.
  const auto train_split = data.split_indices(Split::kTrain);
  double mean = 0.0;
  for (const uint32_t i : train_split)
    mean += data.rating_value()[i];
  ModelState start;
  start.params = init_parameters(param_layout(make_model_spec(c.model, data)), c.train.seed,
                                 mean / static_cast<double>(train_split.size()));
  std::map<std::string, Trained> trained;
  for (const std::string device : {"cuda", "cpu"}) {
    auto backend = make_backend(device, make_model_spec(c.model, data), c);
    train({c, &data, tmp / "ds", tmp / device, false, {}, {}}, *backend);
    trained[device] = {backend->state(), 0.0};
    std::ifstream metrics(tmp / device / "metrics.jsonl");
    for (std::string line; std::getline(metrics, line);)
      trained[device].loss += nlohmann::json::parse(line).at("train_loss").get<double>();
  }
  const size_t steps = (train_split.size() + 31) / 32;
  ASSERT_NE(train_split.size() % 32, 0u) << "wants a short last batch";
  EXPECT_EQ(trained["cuda"].state.adam_step, 3 * steps);
  EXPECT_GT(trained["cpu"].loss, 0.0);
  expect_same_training(trained["cuda"], trained["cpu"], start,
                       c.train.lr * 1.75 * static_cast<double>(steps));
}

TEST(CudaBackend, GraphReplayEqualsEagerLaunchBitwise) {
  CINEREC_REQUIRE_GPU();
  const Dataset data = testing::small_gpu_dataset();
  Config c = testing::small_gpu_config();
  c.model.biases = true;
  const ModelState start = initial_state(c, data);
  const Trained graphed = train_steps("cuda", c, data, start);
  c.train.cuda_graphs = false;
  const Trained eager = train_steps("cuda", c, data, start);
  EXPECT_EQ(graphed.state.params, eager.state.params);
  EXPECT_EQ(graphed.state.adam_m, eager.state.adam_m);
  EXPECT_EQ(graphed.state.adam_v, eager.state.adam_v);
  EXPECT_EQ(graphed.loss, eager.loss);
}

TEST(CudaBackend, CudnnTitleConvAndAtomicBackwardTrackTheDefaultPath) {
  CINEREC_REQUIRE_GPU();
  const Dataset data = testing::small_gpu_dataset();
  Config c = testing::small_gpu_config();
  const ModelState start = initial_state(c, data);
  const Trained fused = train_steps("cuda", c, data, start);
  Config cudnn = c;
  cudnn.model.title_conv = "cudnn";
  expect_same_training(train_steps("cuda", cudnn, data, start), fused, start, c.train.lr * kSteps);
  Config atomic = c;
  atomic.train.embedding_backward = "atomic";
  expect_same_training(train_steps("cuda", atomic, data, start), fused, start, c.train.lr * kSteps);
}

TEST(CudaBackend, PredictionsAndTowerFeaturesMatchTheCpuBackend) {
  CINEREC_REQUIRE_GPU();
  const Dataset data = testing::small_gpu_dataset();
  Config c = testing::small_gpu_config();
  c.model.head = "fc";
  c.model.biases = true;
  const ModelState start = initial_state(c, data);
  const ModelSpec spec = make_model_spec(c.model, data);
  auto gpu = make_backend("cuda", spec, c);
  auto cpu = make_backend("cpu", spec, c);
  gpu->set_state(start);
  cpu->set_state(start);
  const auto test = data.split_indices(Split::kTest);
  Batch batch;
  gather_batch(data, test, 0, batch);
  std::vector<float> g(batch.size(), std::nanf("")), e(batch.size());
  gpu->predict(batch, g);
  cpu->predict(batch, e);
  testing::expect_close(g, e, 1e-5, "predictions");
  std::vector<float> gu(batch.size() * spec.feature_dim), gm(gu.size()), cu(gu.size()),
      cm(gu.size());
  gpu->tower_features(batch, gu, gm);
  cpu->tower_features(batch, cu, cm);
  testing::expect_close(gu, cu, 1e-5, "u");
  testing::expect_close(gm, cm, 1e-5, "m");
}

// A run trained on the GPU resumes on the CPU (and the reverse), and both devices predict the same
// from its checkpoint.
TEST(CudaBackend, CheckpointsMoveBetweenDevices) {
  CINEREC_REQUIRE_GPU();
  testing::ScratchDir tmp;
  const Dataset data = dataset_on_disk(tmp / "ds");
  Config c = testing::small_gpu_config();
  c.train.epochs = 1;
  for (const auto& [first, second] : {std::pair{"cuda", "cpu"}, std::pair{"cpu", "cuda"}}) {
    const fs::path run = tmp / (std::string(first) + "-then-" + second);
    auto a = make_backend(first, make_model_spec(c.model, data), c);
    train({c, &data, tmp / "ds", run, false, {}, {}}, *a);
    Config longer = c;
    longer.train.epochs = 2;
    auto b = make_backend(second, make_model_spec(c.model, data), longer);
    train({longer, &data, tmp / "ds", run, true, {}, {}}, *b);
    EXPECT_EQ(load_checkpoint(run, b->layout(), false).progress.epochs_done, 2u);
    const auto test = data.split_indices(Split::kTest);
    Batch batch;
    gather_batch(data, test, 0, batch);
    std::vector<float> on_gpu(batch.size()), on_cpu(batch.size());
    open_trained_model(run, "cuda").backend->predict(batch, on_gpu);
    open_trained_model(run, "cpu").backend->predict(batch, on_cpu);
    testing::expect_close(on_gpu, on_cpu, 1e-5, "predictions from the checkpoint");
  }
}

TEST(CudaBackend, RejectsWhatItCannotHonour) {
  CINEREC_REQUIRE_GPU();
  const Dataset data = testing::small_gpu_dataset();
  Config c = testing::small_gpu_config();
  c.train.embedding_backward = "atomic";
  c.train.embedding_optimizer = "rowwise";
  EXPECT_THROW(make_backend("cuda", make_model_spec(c.model, data), c), std::invalid_argument);
  EXPECT_THROW(make_backend("cuda:99", make_model_spec(c.model, data), testing::small_gpu_config()),
               std::invalid_argument);
  auto backend = make_backend("cuda", make_model_spec(c.model, data), testing::small_gpu_config());
  EXPECT_THROW(backend->train_step({0, 1, 0}), std::logic_error);  // no data bound
  backend->bind_data(data);
  backend->begin_epoch(data.split_indices(Split::kTrain), 1, 0);
  EXPECT_THROW(backend->train_step({data.split_indices(Split::kTrain).size(), 1, 0}),
               std::out_of_range);
}

}  // namespace
}  // namespace cinerec
