#include "cuda/device_info.h"

#include <gtest/gtest.h>

namespace cinerec::cuda {
namespace {

// Needs no GPU: proves cuBLAS, cuDNN and NCCL are linked and loadable on every CUDA build.
TEST(DeviceInfo, LibraryVersionsAreReported) {
  const LibraryVersions v = library_versions();
  EXPECT_GE(v.cuda_runtime, 12000);
  EXPECT_GT(v.cublas, 0);
  EXPECT_GT(v.cudnn, 0u);
  EXPECT_GT(v.nccl, 0);
}

TEST(DeviceInfo, ListsTheGpus) {
  std::string why;
  const auto gpus = list_gpus(&why);
  if (gpus.empty()) GTEST_SKIP() << "no GPU: " << why;
  for (const auto& g : gpus) {
    EXPECT_FALSE(g.name.empty());
    EXPECT_GE(g.compute_major, 7) << g.name;
    EXPECT_GT(g.total_bytes, g.free_bytes / 2);
    EXPECT_GT(g.multiprocessors, 0);
  }
}

}  // namespace
}  // namespace cinerec::cuda
