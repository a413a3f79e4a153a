// Device names: "cpu", "cuda", "cuda:N"; anything else is refused with the names this build knows.
#include "host/runtime/backend_factory.h"

#include <gtest/gtest.h>

#include "host/runtime/topk_scorer.h"

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

}  // namespace
}  // namespace cinerec
