// Sizes and numbers a model is refused for: widths whose products overflow, models too large for
// the memory there is (with what they need and what is available), activation estimates that
// bound what the CPU pass allocates, and predictions that are not numbers.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <thread>

#include "host/common/checked_math.h"
#include "host/common/finite.h"
#include "host/common/memory_info.h"
#include "host/cpu/cpu_threads.h"
#include "host/cpu/model_pass.h"
#include "host/model/spec_from_config.h"
#include "host/model/training_memory.h"
#include "host/retrieval/tower_features.h"
#include "host/runtime/backend_factory.h"
#include "host/train/rating_metrics.h"
#include "tests/retrieval_fixture.h"

namespace cinerec {
namespace {

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "no error";
}

Config small_config() {
  Config c;
  c.model = testing::small_model_config(Head::kDot, true);
  return c;
}

TEST(ModelLimits, WidthsWhoseSizesOverflowAreRefusedNamingTheTensor) {
  const Dataset data = testing::small_dataset();
  const size_t huge = size_t{1} << 61;
  for (size_t ModelConfig::*width :
       {&ModelConfig::user_id_dim, &ModelConfig::feature_dim, &ModelConfig::token_dim,
        &ModelConfig::title_filters, &ModelConfig::tower_hidden}) {
    Config c = small_config();
    c.model.*width = huge;
    const std::string why =
        error_of([&] { make_backend("cpu", make_model_spec(c.model, data), c); });
    EXPECT_NE(why.find("does not fit in 64 bits"), std::string::npos) << why;
  }
}

TEST(ModelLimits, AModelTooLargeForMemoryIsRefusedWithWhatItNeeds) {
  const Dataset data = testing::small_dataset();
  Config c = small_config();
  c.model.feature_dim = size_t{1} << 36;  // 128 x 2^36 floats in user_fc alone: 32 TiB
  const std::string why = error_of([&] { make_backend("cpu", make_model_spec(c.model, data), c); });
  EXPECT_NE(why.find("on the CPU needs "), std::string::npos) << why;
  EXPECT_NE(why.find("iB of memory, "), std::string::npos) << why;
  EXPECT_NE(why.find(" are available"), std::string::npos) << why;
  EXPECT_EQ(error_of([] { require_memory(2048, "x", 4096); }), "no error");
  EXPECT_EQ(error_of([] { require_memory(3u << 20, "the thing", 1536); }),
            "the thing needs 3.0 MiB of memory, 1.5 KiB are available");
  EXPECT_GT(available_memory_bytes(), 0u);
}

// The estimate must cover what a forward and backward pass really allocate.
// A batch larger than the dataset is a batch of the whole dataset: it is that which must fit.
TEST(ModelLimits, TheMemoryCheckCountsTheRowsABatchCanHave) {
  const Dataset data = testing::small_dataset();
  Config c = small_config();
  c.train.batch_size = 100000000000;
  const ModelSpec spec = make_model_spec(c.model, data);
  EXPECT_NE(error_of([&] { make_backend("cpu", spec, c); }).find("needs "), std::string::npos);
  EXPECT_EQ(batch_rows(c, data), data.num_ratings());
  EXPECT_EQ(error_of([&] { make_backend("cpu", spec, c, batch_rows(c, data)); }), "no error");
}

TEST(ModelLimits, TheActivationEstimateBoundsTheCpuPassesBuffers) {
  const Dataset data = testing::small_dataset();
  for (const Head head : {Head::kDot, Head::kFc}) {
    const ModelSpec spec = testing::small_spec(data, head, true);
    const ModelWiring wiring(spec);
    const ParamLayout& layout = wiring.layout;
    cpu::ModelPass<float> pass(wiring);
    std::vector<float> params(layout.total(), 0.01f), grads(layout.total()), out;
    Batch batch;
    batch.clear(0);
    for (uint32_t i = 0; i < 33; ++i)
      batch.append(data, static_cast<uint32_t>(i % data.num_users()),
                   static_cast<uint32_t>((7 * i) % data.num_movies()), 3.0f);
    out.resize(batch.size());
    pass.forward(params, batch, true, 1, out);
    pass.backward(params, batch, grads);
    EXPECT_LE(pass.activation_bytes(), activation_values_per_row(spec) * batch.size() * 4)
        << head_name(head);
    EXPECT_GE(training_memory_bytes(spec, layout.total(), 33), 16 * layout.total());
  }
}

TEST(ModelLimits, ThreadsBeyondFourPerHardwareThreadAreCapped) {
  const int hardware = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  EXPECT_EQ(cpu::cpu_threads(0), 0);
  EXPECT_EQ(cpu::cpu_threads(1), 1);
  EXPECT_EQ(cpu::cpu_threads(4 * static_cast<size_t>(hardware)), 4 * hardware);
  EXPECT_EQ(cpu::cpu_threads(1000 * static_cast<size_t>(hardware)), 4 * hardware);
}

// Finite parameters can still overflow in the towers: the result is an error, not a null.
TEST(ModelLimits, NonFinitePredictionsAndFeaturesAreErrors) {
  const Dataset data = testing::small_dataset();
  auto backend = testing::random_backend(testing::small_spec(data, Head::kDot, true), 3);
  ModelState state = backend->state();
  for (float& p : state.params)
    p *= 1e30f;
  backend->set_state(state);
  const auto test = data.split_indices(Split::kTest);
  EXPECT_NE(error_of([&] {
              evaluate_ratings(*backend, data, test, 8);
            }).find("a predicted rating holds a non-finite value"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              compute_tower_features(*backend, data, 8);
            }).find("a tower feature vector holds a non-finite value"),
            std::string::npos);
  const std::vector<float> fine{1.0f, -2.0f}, bad{1.0f, INFINITY};
  EXPECT_EQ(error_of([&] { require_finite(fine, "x"); }), "no error");
  EXPECT_NE(
      error_of([&] { require_finite(bad, "x"); }).find("x holds a non-finite value (inf) at 1"),
      std::string::npos);
}

}  // namespace
}  // namespace cinerec
