// Device names: "cpu", "cuda", "cuda:N"; anything else is refused with the names this build knows.
#include "host/runtime/backend_factory.h"

#include <gtest/gtest.h>

#include "host/runtime/topk_scorer.h"
#include "tests/retrieval_fixture.h"

namespace cinerec {
namespace {

TEST(BackendFactory, CudaOrdinalsParseOnlyCudaNames) {
  EXPECT_EQ(cuda_ordinal("cuda", 0, 8), 0);
  EXPECT_EQ(cuda_ordinal("cuda", 3, 8), 3);  // the rank's index on its node
  EXPECT_EQ(cuda_ordinal("cuda", 3, 1), 0);  // a rank given one GPU of its own
  EXPECT_EQ(cuda_ordinal("cuda", 5, 4), 1);  // more ranks than GPUs: they share
  EXPECT_EQ(cuda_ordinal("cuda:1", 3, 8), 1);
  EXPECT_EQ(cuda_ordinal("cuda", 2, 0), 0);  // none visible: cuda:0, which then fails clearly
  EXPECT_EQ(cuda_ordinal("cuda:0"), 0);
  EXPECT_EQ(cuda_ordinal("cuda:12"), 12);
  for (const char* bad :
       {"cuda:", "cuda:-1", "cuda:1x", "cuda:99999", "CUDA:1", "rocm:0", "cudaX1", "gpu", ""}) {
    EXPECT_THROW(cuda_ordinal(bad), std::invalid_argument) << bad;
  }
}

TEST(BackendFactory, UnknownDevicesAreRefused) {
  for (const char* bad : {"tpu", "rocm:0", "CPU"}) {
    EXPECT_THROW(make_topk_scorer(bad, false), std::invalid_argument) << bad;
  }
  EXPECT_THROW(make_topk_scorer("cpu", true), std::invalid_argument);  // tensor cores need a GPU
  EXPECT_NO_THROW(make_topk_scorer("cpu", false));
}

// The ranking term trains the CNN on the CPU backend: another model kind or device is refused,
// naming the key, not silently trained without it.
TEST(BackendFactory, TheRankingTermIsRefusedWhereItDoesNotRun) {
  const Dataset data = testing::small_dataset();
  Config c;
  c.model = testing::small_model_config(Head::kDot, false);
  c.train.ranking_loss = "pairwise";
  const ModelSpec spec = make_model_spec(c.model, data);
  EXPECT_NO_THROW(make_backend("cpu", spec, c));
  for (const char* device : {"cuda", "cuda:0"}) {
    try {
      make_backend(device, spec, c);
      ADD_FAILURE() << device;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("train.ranking_loss"), std::string::npos) << e.what();
    }
  }
  c.model.kind = "mf";
  EXPECT_THROW(make_backend("cpu", spec, c), std::invalid_argument);
}

// A detached ranking term trains the ranking bias alone: without one it would train nothing.
TEST(BackendFactory, ADetachedRankingTermNeedsTheRankingBias) {
  const Dataset data = testing::small_dataset();
  Config c;
  c.model = testing::small_model_config(Head::kDot, false);
  c.train.ranking_loss = "pairwise";
  c.train.ranking_detach = true;
  try {
    make_backend("cpu", make_model_spec(c.model, data), c);
    ADD_FAILURE() << "trained a detached term without a ranking bias";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("model.ranking_bias"), std::string::npos) << e.what();
  }
  c.model.ranking_bias = true;
  EXPECT_NO_THROW(make_backend("cpu", make_model_spec(c.model, data), c));
}

}  // namespace
}  // namespace cinerec
