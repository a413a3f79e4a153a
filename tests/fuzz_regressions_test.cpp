// Replays every seed in tests/fuzz/corpus/TARGET/ and every saved finding in
// tests/fuzz/regressions/TARGET/ through the fuzz target's code, so the regular build (g++, and
// the asan preset) keeps them fixed without clang or libFuzzer.
#include <gtest/gtest.h>

#include <algorithm>
#include <exception>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/fuzz/fuzz_targets.h"
#include "tests/test_util.h"

namespace cinerec::testing {
namespace {
namespace fs = std::filesystem;

const fs::path kFuzzDir = fs::path(CINEREC_SOURCE_DIR) / "tests" / "fuzz";

std::vector<std::string> target_names() {
  std::vector<std::string> names;
  for (const fuzz::Target& t : fuzz::targets())
    names.emplace_back(t.name);
  return names;
}

// Sorted names of the directories in `dir` (none when it does not exist).
std::vector<std::string> subdirectories(const fs::path& dir) {
  std::vector<std::string> names;
  if (!fs::exists(dir)) return names;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_directory()) names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

TEST(FuzzTargets, EachHasASeedCorpusAndEachDirectoryATarget) {
  std::vector<std::string> names = target_names();
  std::sort(names.begin(), names.end());
  EXPECT_EQ(subdirectories(kFuzzDir / "corpus"), names);
  for (const std::string& dir : subdirectories(kFuzzDir / "regressions"))
    EXPECT_NO_THROW(fuzz::target(dir)) << "tests/fuzz/regressions/" << dir;
}

class FuzzReplay : public ::testing::TestWithParam<std::string> {};

TEST_P(FuzzReplay, CorpusAndRegressionsPass) {
  const fuzz::Target& target = fuzz::target(GetParam());
  size_t replayed = 0;
  for (const char* kind : {"corpus", "regressions"}) {
    const fs::path dir = kFuzzDir / kind / GetParam();
    if (!fs::exists(dir)) continue;
    for (const auto& entry : fs::directory_iterator(dir)) {
      SCOPED_TRACE(entry.path().string());
      EXPECT_NO_THROW(target.run(read_text(entry.path())));
      ++replayed;
    }
  }
  EXPECT_GT(replayed, 0u);
}

INSTANTIATE_TEST_SUITE_P(Targets, FuzzReplay, ::testing::ValuesIn(target_names()),
                         [](const auto& param) { return param.param; });

}  // namespace
}  // namespace cinerec::testing
