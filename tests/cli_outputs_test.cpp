// The output policy as a user meets it, command by command: nothing an output would destroy is
// touched (devices, FIFOs, links, the run's checkpoint, a command's own inputs), with or without
// --force; a moved dataset is found again with --data; an empty split is an error, not a 0.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/cli_runner.h"
#include "tests/test_util.h"

namespace cinerec {
namespace {

namespace fs = std::filesystem;

using Result = testing::CliResult;
using testing::contains;
const auto& run = testing::run_cli;

// A synthetic source, its dataset and a one-epoch run, made afresh for each test (ctest runs
// each test in its own process).
class CliOutputs : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(run("synth --out " + raw() + " --users 40 --movies 120 --ratings 1200").status, 0);
    ASSERT_EQ(run("prepare --in " + raw() + " --format douban --out " + ds()).status, 0);
    const Result r = run("train --data " + ds() + " --out " + run_dir() +
                         " --set train.epochs=1 --set train.threads=1 --set model.feature_dim=8");
    ASSERT_EQ(r.status, 0) << r.output;
  }
  std::string raw() const { return (tmp_ / "raw").string(); }
  std::string ds() const { return (tmp_ / "ds").string(); }
  std::string run_dir() const { return (tmp_ / "run").string(); }
  std::string checkpoint() const { return testing::read_text(tmp_ / "run" / "model.safetensors"); }

  testing::ScratchDir tmp_;
};

void expect_refused(const std::string& args, const std::string& why) {
  const Result r = run(args);
  EXPECT_EQ(r.status, 1) << args << "\n" << r.output;
  EXPECT_TRUE(contains(r.output, why)) << args << "\n" << r.output;
}

TEST_F(CliOutputs, ScoreNeverReplacesDevicesFifosLinksOrTheRunsOwnFiles) {
  const std::string score = "score --run " + run_dir() + " --k 3 --force --out ";
  const std::string before = checkpoint();
  expect_refused(score + "/dev/null", "output /dev/null: is a character device");
  ASSERT_EQ(::mkfifo((tmp_ / "fifo").c_str(), 0600), 0);
  expect_refused(score + (tmp_ / "fifo").string(), "is a FIFO");
  testing::write_text(tmp_ / "precious.csv", "keep");
  fs::create_symlink(tmp_ / "precious.csv", tmp_ / "link.csv");
  expect_refused(score + (tmp_ / "link.csv").string(), "is a symbolic link");
  expect_refused(score + run_dir() + "/model.safetensors",
                 "is inside the input " + run_dir() + " (refused even with --force)");
  expect_refused(score + ds() + "/top.csv", "is inside the input " + ds());
  struct stat st {};
  ASSERT_EQ(::stat("/dev/null", &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode));
  EXPECT_TRUE(fs::is_fifo(tmp_ / "fifo"));
  EXPECT_EQ(testing::read_text(tmp_ / "precious.csv"), "keep");
  EXPECT_EQ(checkpoint(), before);
}

TEST_F(CliOutputs, PrepareAndExportRefuseOutputsThatAreContainOrLieInTheirInputs) {
  testing::write_text(tmp_ / "raw" / "notes.txt", "unrelated");
  const std::string prepare = "prepare --format douban --force --in " + raw() + " --out ";
  expect_refused(prepare + raw(), "is the input " + raw());
  expect_refused(prepare + tmp_.path().string(), "contains the input " + raw());
  expect_refused(prepare + raw() + "/ds", "is inside the input " + raw());
  EXPECT_TRUE(fs::exists(tmp_ / "raw" / "ratings.csv"));
  EXPECT_EQ(testing::read_text(tmp_ / "raw" / "notes.txt"), "unrelated");
  const std::string before = checkpoint();
  expect_refused("export --force --run " + run_dir() + " --out " + run_dir(),
                 "is the input " + run_dir());
  EXPECT_EQ(checkpoint(), before);
  // --force replaces only an earlier output of the same command.
  fs::create_directories(tmp_ / "mine");
  testing::write_text(tmp_ / "mine" / "thesis.tex", "years");
  expect_refused(prepare + (tmp_ / "mine").string(),
                 "is not an earlier output of this command (no manifest.json saying \"format\": "
                 "\"cinerec-dataset\")");
  EXPECT_EQ(testing::read_text(tmp_ / "mine" / "thesis.tex"), "years");
}

TEST_F(CliOutputs, AMovedDatasetIsFoundWithDataAndItsFingerprintIsChecked) {
  fs::rename(tmp_ / "ds", tmp_ / "moved");
  expect_refused("eval --protocol none --run " + run_dir(), "pass --data DIR");
  const Result r =
      run("eval --protocol none --run " + run_dir() + " --data " + (tmp_ / "moved").string());
  EXPECT_EQ(r.status, 0) << r.output;
  ASSERT_EQ(run("prepare --in " + raw() + " --format douban --out " + (tmp_ / "other").string() +
                " --seed 9")
                .status,
            0);
  expect_refused("eval --run " + run_dir() + " --data " + (tmp_ / "other").string(),
                 "is not the one run " + run_dir() + " was trained on");
  const std::string movies = testing::read_text(tmp_ / "raw" / "movies.csv");
  const size_t line2 = movies.find('\n') + 1;
  const std::string movie = movies.substr(line2, movies.find(',', line2) - line2);
  const Result p = run("predict --run " + run_dir() + " --data " + (tmp_ / "moved").string() +
                       " --user 1 --movie " + movie);
  ASSERT_EQ(p.status, 0) << p.output;
  // The prediction as a person reads it, on the 1-5 scale; the score as the model gives it.
  const auto j = nlohmann::json::parse(p.output);
  const double score = j.at("score").get<double>();
  EXPECT_EQ(j.at("prediction").get<double>(), std::clamp(score, 1.0, 5.0));
}

TEST_F(CliOutputs, EvaluatingAnEmptySplitIsAnErrorNotAPerfectScore) {
  expect_refused("eval --run " + run_dir() + " --split val",
                 "the dataset has no val ratings to evaluate");
}

TEST_F(CliOutputs, ACorruptCheckpointIsRefusedNamingTheFile) {
  std::string bytes = checkpoint();
  bytes[bytes.size() - 7] ^= 0x20;
  testing::write_text(tmp_ / "run" / "model.safetensors", bytes);
  expect_refused("eval --run " + run_dir(),
                 "model.safetensors: the file does not match its SHA-256");
}

}  // namespace
}  // namespace cinerec
