// End-to-end runs of the `cinerec` binary: synth -> prepare -> info, and its failure paths.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/cli_runner.h"
#include "tests/source_fixtures.h"
#include "tests/test_util.h"

namespace cinerec {
namespace {

namespace fs = std::filesystem;

using Result = testing::CliResult;
using testing::contains;
const auto& run = testing::run_cli;

TEST(Cli, SynthPrepareInfo) {
  testing::ScratchDir tmp;
  const std::string raw = (tmp / "raw").string(), ds = (tmp / "ds").string();
  Result r = run("synth --out " + raw + " --users 200 --movies 1500 --ratings 12000 --seed 3");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "Bayes-floor MSE")) << r.output;

  r = run("prepare --in " + raw + " --format douban --out " + ds + " --val 0.1");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "users                  200")) << r.output;
  EXPECT_TRUE(fs::exists(tmp / "ds" / "manifest.json"));

  r = run("info --data " + ds + " --json");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "\"movies\": 1500")) << r.output;
}

TEST(Cli, BadRowFailsWithLocationAndLeavesNoOutput) {
  testing::ScratchDir tmp;
  ASSERT_EQ(run("synth --out " + (tmp / "raw").string() + " --users 50 --movies 200 --ratings 1000")
                .status,
            0);
  std::string ratings = testing::read_text(tmp / "raw" / "ratings.csv");
  const size_t third_line = ratings.find('\n', ratings.find('\n') + 1) + 1;
  ratings.insert(third_line, "9999999,1,1291543,7,1200000000\n");
  testing::write_text(tmp / "raw" / "ratings.csv", ratings);

  const std::string prepare =
      "prepare --in " + (tmp / "raw").string() + " --format douban --out " + (tmp / "ds").string();
  Result r = run(prepare);
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(contains(r.output, "ratings.csv:3:")) << r.output;
  EXPECT_FALSE(fs::exists(tmp / "ds"));
  for (const auto& e : fs::directory_iterator(tmp.path())) {
    EXPECT_FALSE(contains(e.path().filename().string(), ".tmp-")) << e.path();
  }

  r = run(prepare + " --max-bad-rows 1");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "skipped 1 bad row(s)")) << r.output;
}

// --max-bad-rows and the split fractions can each leave nothing to train on; prepare then fails
// saying why and writes nothing, instead of a dataset of no ratings.
TEST(Cli, PrepareRefusesADatasetWithNothingToTrainOn) {
  testing::ScratchDir tmp;
  for (const auto& [name, text] : testing::douban_fixture().files)
    testing::write_text(tmp / "raw" / name, text);
  const std::string prepare =
      "prepare --in " + (tmp / "raw").string() + " --format douban --out " + (tmp / "ds").string();
  Result r = run(prepare + " --test 0.9");  // all 3 ratings left after dedup
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_TRUE(contains(r.output,
                       "nothing to train on: the random split puts all 3 ratings in the "
                       "test and validation sets"))
      << r.output;

  std::string ratings = "RatingID,UserID,MovieID,Rating,Timestamp\n";
  for (int i = 1; i <= 12; ++i)
    ratings += std::to_string(i) + ",1,10,9,0\n";
  testing::write_text(tmp / "raw" / "ratings.csv", ratings);
  r = run(prepare + " --max-bad-rows 100");
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_TRUE(contains(r.output, "ratings.csv: all 12 rows were skipped as bad rows")) << r.output;
  EXPECT_FALSE(fs::exists(tmp / "ds"));
}

// The published protocols' options: a minimum rating, a k-core and the per-user and
// leave-one-out splits, recorded in the manifest; a k-core that removes everything is refused.
TEST(Cli, PrepareFiltersAndSplitsAsPublishedProtocols) {
  testing::ScratchDir tmp;
  const std::string raw = (tmp / "raw").string();
  ASSERT_EQ(run("synth --out " + raw + " --users 200 --movies 1500 --ratings 12000").status, 0);
  const std::string prepare = "prepare --in " + raw + " --format douban --out ";
  Result r = run(prepare + (tmp / "core").string() +
                 " --min-rating 3 --min-user-ratings 10 --min-movie-ratings 5 --split per-user");
  ASSERT_EQ(r.status, 0) << r.output;
  const auto manifest = nlohmann::json::parse(testing::read_text(tmp / "core" / "manifest.json"));
  const auto& filter = manifest.at("filter");
  EXPECT_GT(filter.at("low_ratings_removed").get<size_t>(), 0u);
  EXPECT_GT(filter.at("movies_removed").get<size_t>(), 0u);
  EXPECT_EQ(manifest.at("split").at("kind"), "per-user");
  EXPECT_EQ(manifest.at("split").at("test_fraction"), 0.1);  // RecBole's 8:1:1 by default
  const auto& counts = manifest.at("counts");
  EXPECT_EQ(counts.at("movies").get<size_t>() + filter.at("movies_removed").get<size_t>(), 1500u);
  EXPECT_GT(counts.at("val").get<size_t>(), 0u);
  EXPECT_TRUE(contains(r.output, "filter")) << r.output;

  r = run(prepare + (tmp / "loo").string() + " --split leave-one-out --val 0.1");
  ASSERT_EQ(r.status, 0) << r.output;
  const auto loo = nlohmann::json::parse(testing::read_text(tmp / "loo" / "manifest.json"));
  EXPECT_EQ(loo.at("counts").at("test").get<size_t>(), 200u);  // one per user
  EXPECT_EQ(loo.at("counts").at("val").get<size_t>(), 200u);

  r = run(prepare + (tmp / "x").string() + " --split leave-one-out --test 0.3");
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_TRUE(contains(r.output, "--test does nothing with --split leave-one-out")) << r.output;
  r = run(prepare + (tmp / "x").string() + " --min-user-ratings 100000");
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_TRUE(contains(r.output, "nothing to train on: no users")) << r.output;
  EXPECT_FALSE(fs::exists(tmp / "x"));
}

TEST(Cli, UsageErrorsAreReported) {
  EXPECT_NE(run("prepare --in x --format nosuch --out y").status, 0);
  EXPECT_NE(run("").status, 0);
  const Result r = run("info --data /nonexistent/cinerec");
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(contains(r.output, "no manifest.json")) << r.output;
}

// Every command line that cannot work as written: exit status 2, one "cinerec: error:" style
// that names what is wrong, and a pointer to the help, whether CLI11 or cinerec finds it.
TEST(Cli, UsageErrorsExitTwoInOneStyle) {
  const std::pair<std::string, std::string> cases[] = {
      {"bogus", "unknown command \"bogus\" (commands: synth, prepare,"},
      {"", "a command is required (commands: synth,"},
      {"synth --users -1 --out x",
       "--users: expected a whole number in [1, 4294967295], got \"-1\""},
      {"synth --users 1.5 --out x", "--users: expected a whole number"},
      {"info", "--data is required"},
      {"prepare --in x --format douban --out y --split files",
       "--split files reads ML-100K's own fold files"},
      {"prepare --in x --format douban --out y --fold u2",
       "--fold chooses the ML-100K fold of --split files"},
      {"prepare --in x --format ml-100k --out y --split files --test 0.5",
       "--test does nothing with --split files"},
      {"prepare --in x --format douban --out y --title-len 4000000000",
       "--title-len: expected a whole number in [1, 65536]"},
      {"prepare --in x --format douban --out y --split sideways", "--split: sideways not in"},
      {"prepare --in x --format douban --out y --test 1", "--test: expected a number in [0, 1)"},
      {"prepare --in x --format douban --out y --test nan", "--test: expected a number in [0, 1)"},
      {"prepare --in x --format douban --out y --val -0.1", "--val: expected a number in [0, 1)"},
      {"prepare --in x --format douban --out ''", "--out: expected a non-empty value"},
      {"--bogus", "unknown option \"--bogus\" before a command (commands: synth,"},
      {"train --data x --out y --set train.lr", "--set train.lr: expected section.key=value"},
      {"train --data x --out y --set model.tower_hidden=18446744073709551615",
       "--set model.tower_hidden=18446744073709551615: the integer 18446744073709551615 is out "
       "of range"},
      {"train --data x --out y --set model.nosuch=1",
       "--set model.nosuch=1: unknown key model.nosuch"},
  };
  for (const auto& [args, message] : cases) {
    const Result r = run(args);
    EXPECT_EQ(r.status, 2) << args << "\n" << r.output;
    EXPECT_TRUE(contains(r.output, "cinerec: error: " + message)) << args << "\n" << r.output;
    EXPECT_TRUE(contains(r.output, "--help`)")) << args << "\n" << r.output;
  }
  EXPECT_EQ(run("--help").status, 0);
  EXPECT_EQ(run("score --help").status, 0);
}

// Devices that do not exist here are refused with a message naming them, before any output.
TEST(Cli, UnavailableDevicesAreRefusedClearly) {
  testing::ScratchDir tmp;
  const std::string raw = (tmp / "raw").string(), ds = (tmp / "ds").string();
  ASSERT_EQ(run("synth --out " + raw + " --users 50 --movies 80 --ratings 600").status, 0);
  ASSERT_EQ(run("prepare --in " + raw + " --format douban --out " + ds).status, 0);
  for (const std::string device : {"gpu", "cuda:99", "cuda:x"}) {
    const Result r =
        run("train --data " + ds + " --out " + (tmp / "run").string() + " --device " + device);
    EXPECT_EQ(r.status, 1) << r.output;
    EXPECT_TRUE(contains(r.output, "cinerec: error:")) << r.output;
    EXPECT_TRUE(contains(r.output, device)) << r.output;
    EXPECT_FALSE(fs::exists(tmp / "run" / "model.safetensors"));
  }
}

TEST(Cli, DevicesAlwaysListsTheCpu) {
  const Result r = run("devices");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "cpu: available")) << r.output;
}

}  // namespace
}  // namespace cinerec
