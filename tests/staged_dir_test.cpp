#include "host/common/staged_dir.h"

#include <gtest/gtest.h>

#include "tests/test_util.h"

namespace cinerec {
namespace {

namespace fs = std::filesystem;

size_t entries(const fs::path& dir) {
  size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir))
    ++n;
  return n;
}

TEST(StagedDir, NothingAppearsUntilCommit) {
  testing::ScratchDir tmp;
  {
    StagedDir staged(tmp / "out", false);
    testing::write_text(staged.path() / "a.txt", "partial");
    EXPECT_FALSE(fs::exists(tmp / "out"));
  }  // abandoned, as when an error unwinds the stack
  EXPECT_FALSE(fs::exists(tmp / "out"));
  EXPECT_EQ(entries(tmp.path()), 0u);
}

TEST(StagedDir, CommitMovesIntoPlaceAndReplacesOnlyWhenAllowed) {
  testing::ScratchDir tmp;
  {
    StagedDir staged(tmp / "out", false);
    testing::write_text(staged.path() / "a.txt", "one");
    staged.commit();
  }
  EXPECT_EQ(testing::read_text(tmp / "out" / "a.txt"), "one");
  EXPECT_THROW(StagedDir(tmp / "out", false), std::runtime_error);
  {
    StagedDir staged(tmp / "out", true);
    testing::write_text(staged.path() / "b.txt", "two");
    staged.commit();
  }
  EXPECT_FALSE(fs::exists(tmp / "out" / "a.txt"));
  EXPECT_EQ(testing::read_text(tmp / "out" / "b.txt"), "two");
  EXPECT_EQ(entries(tmp.path()), 1u);
}

TEST(StagedDir, WriteFileAtomicReplacesContent) {
  testing::ScratchDir tmp;
  write_file_atomic(tmp / "f", "abc", 3);
  write_file_atomic(tmp / "f", "xy", 2);
  EXPECT_EQ(testing::read_text(tmp / "f"), "xy");
  EXPECT_EQ(entries(tmp.path()), 1u);
}

TEST(StagedDir, AtomicFileAppearsOnlyOnCommit) {
  testing::ScratchDir tmp;
  {
    AtomicFile file(tmp / "f");
    file.write("ab", 2);
    file.write("cd", 2);
    EXPECT_FALSE(fs::exists(tmp / "f"));
    file.commit();
  }
  EXPECT_EQ(testing::read_text(tmp / "f"), "abcd");
  {
    AtomicFile file(tmp / "f");
    file.write("half", 4);
  }  // an error midway: no commit
  EXPECT_EQ(testing::read_text(tmp / "f"), "abcd");
  EXPECT_EQ(entries(tmp.path()), 1u);
  EXPECT_THROW(AtomicFile(tmp / "missing-dir" / "f"), std::runtime_error);
}

}  // namespace
}  // namespace cinerec
