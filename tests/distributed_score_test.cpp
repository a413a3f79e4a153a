// `cinerec score` and `cinerec export` across ranks under `mpirun --oversubscribe`: each rank
// makes its share of the users' lists (or of the feature rows) and rank 0 writes the one output,
// which must be the single-process output byte for byte, and appear only once every rank has
// finished. Every mpirun is bounded by `timeout`.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "tests/cli_runner.h"
#include "tests/mpi_job.h"
#include "tests/test_util.h"

namespace cinerec {
namespace {

namespace fs = std::filesystem;
using testing::bin;
using testing::mpirun;

// A run trained for one epoch on the small dataset.
fs::path trained_run(const testing::ScratchDir& tmp) {
  const fs::path ds = testing::make_dataset(tmp), run = tmp / "run";
  EXPECT_EQ(testing::run_cli("train --data " + ds.string() + " --out " + run.string() +
                             " --set train.epochs=1 --set train.threads=1")
                .status,
            0);
  return run;
}

std::string score_args(const fs::path& run, const fs::path& out, const std::string& more = "") {
  return "score --run " + run.string() + " --out " + out.string() + " --k 7 " + more;
}

class DistributedScore : public ::testing::TestWithParam<std::string> {};

TEST_P(DistributedScore, WritesTheOneProcessFileByteForByte) {
  CINEREC_REQUIRE_MPI();
  testing::ScratchDir tmp;
  const fs::path run = trained_run(tmp), one = tmp / ("one" + GetParam()),
                 three = tmp / ("three" + GetParam());
  const auto r1 = testing::run_cli(score_args(run, one));
  ASSERT_EQ(r1.status, 0) << r1.output;
  const auto r3 = mpirun(3, bin() + " " + score_args(run, three), 120);
  ASSERT_EQ(r3.status, 0) << r3.output;
  EXPECT_TRUE(testing::contains(r3.output, "for 200 users on 3 ranks")) << r3.output;
  ASSERT_TRUE(fs::exists(three));
  EXPECT_GT(fs::file_size(one), 1000u);
  EXPECT_EQ(testing::read_text(three), testing::read_text(one));
}

TEST_P(DistributedScore, AUserListShorterThanTheWorldLeavesARankWithoutUsers) {
  CINEREC_REQUIRE_MPI();
  testing::ScratchDir tmp;
  const fs::path run = trained_run(tmp), users = tmp / "users.txt";
  // Two of the synthetic set's source ids (`synth` numbers its users from 1).
  testing::write_text(users, "7\n3\n");
  const std::string list = "--users " + users.string();
  const fs::path one = tmp / ("one" + GetParam()), three = tmp / ("three" + GetParam());
  const auto r1 = testing::run_cli(score_args(run, one, list));
  ASSERT_EQ(r1.status, 0) << r1.output;
  const auto r3 = mpirun(3, bin() + " " + score_args(run, three, list), 120);
  ASSERT_EQ(r3.status, 0) << r3.output;
  EXPECT_EQ(testing::read_text(three), testing::read_text(one));
}

INSTANTIATE_TEST_SUITE_P(Formats, DistributedScore, ::testing::Values(".csv", ".npz"),
                         [](const auto& p) { return p.param.substr(1); });

TEST(DistributedScoreFaults, RanksWithOtherArgumentsAreRefusedAndNoFileAppears) {
  CINEREC_REQUIRE_MPI();
  testing::ScratchDir tmp;
  const fs::path run = trained_run(tmp), out = tmp / "top.csv";
  const std::string job = bin() + " " + score_args(run, out);
  const auto r = mpirun(2, job + " : -np 1 " + job + " --include-seen", 120);
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_TRUE(testing::contains(r.output, "rank 2: its --include-seen differs")) << r.output;
  EXPECT_FALSE(testing::contains(r.output, "rank 1:")) << r.output;
  EXPECT_FALSE(fs::exists(out));
}

TEST(DistributedScoreFaults, AnErrorOnOneRankEndsTheJobAndNoFileAppears) {
  CINEREC_REQUIRE_MPI();
  testing::ScratchDir tmp;
  const fs::path run = trained_run(tmp), out = tmp / "top.npz";
  // Rank 1 alone cannot make the temporary file its part waits in (its TMPDIR does not exist).
  const std::string job = bin() + " " + score_args(run, out);
  const auto r =
      mpirun(1, job + " : -np 1 env TMPDIR=" + (tmp / "nowhere").string() + " " + job, 120);
  EXPECT_NE(r.status, 0) << r.output;
  EXPECT_NE(r.status, 124) << "the job hung: " << r.output;
  EXPECT_TRUE(testing::contains(r.output, "error on rank 1 of 2")) << r.output;
  EXPECT_TRUE(testing::contains(r.output, "cannot create a temporary file")) << r.output;
  EXPECT_FALSE(fs::exists(out));
}

TEST(DistributedExport, WritesTheOneProcessDirectoryByteForByte) {
  CINEREC_REQUIRE_MPI();
  testing::ScratchDir tmp;
  const fs::path run = trained_run(tmp), one = tmp / "one", two = tmp / "two";
  const auto r1 = testing::run_cli("export --run " + run.string() + " --out " + one.string());
  ASSERT_EQ(r1.status, 0) << r1.output;
  const auto r2 =
      mpirun(2, bin() + " export --run " + run.string() + " --out " + two.string(), 120);
  ASSERT_EQ(r2.status, 0) << r2.output;
  // The job's world was of two (ranks that each ran alone would write the same directory).
  EXPECT_TRUE(testing::contains(r2.output, "written to " + two.string() + " on 2 ranks"))
      << r2.output;
  size_t files = 0;
  for (const auto& entry : fs::directory_iterator(one)) {
    const fs::path name = entry.path().filename();
    ++files;
    ASSERT_TRUE(fs::exists(two / name)) << name;
    // export.json names the run and dataset, the same for both; nothing else differs.
    EXPECT_EQ(testing::read_text(two / name), testing::read_text(entry.path())) << name;
  }
  EXPECT_GE(files, 6u);
  EXPECT_EQ(static_cast<size_t>(std::distance(fs::directory_iterator(two), {})), files);
}

}  // namespace
}  // namespace cinerec
