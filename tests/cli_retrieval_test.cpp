// `cinerec export`, `score`, `recommend` and `eval` as processes on one small trained run: their
// outputs and their failure paths.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <sstream>
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

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    out.push_back(line);
  return out;
}

std::vector<std::string> fields(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  for (std::string f; std::getline(in, f, ',');)
    out.push_back(f);
  return out;
}

// One synthetic dataset and a one-epoch run with a small model, shared by the tests of a process
// (ctest runs each test alone, so there are few, broad tests).
class CliRetrieval : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("cinerec-cli-retrieval-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    const std::string raw = (dir_ / "raw").string(), ds = (dir_ / "ds").string();
    ASSERT_EQ(run("synth --out " + raw + " --users 60 --movies 300 --ratings 3000 --seed 4").status,
              0);
    ASSERT_EQ(run("prepare --in " + raw + " --format douban --out " + ds).status, 0);
    const Result r = run("train --data " + ds + " --out " + run_dir() +
                         " --set train.epochs=1 --set train.threads=1 --set model.feature_dim=16"
                         " --set model.biases=true");
    ASSERT_EQ(r.status, 0) << r.output;
    user_ = fields(lines(testing::read_text(dir_ / "raw" / "users.csv"))[1])[0];
    movie_ = fields(lines(testing::read_text(dir_ / "raw" / "movies.csv"))[1])[0];
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }
  static std::string run_dir() { return (dir_ / "run").string(); }

  static fs::path dir_;
  static std::string user_, movie_;
};

fs::path CliRetrieval::dir_;
std::string CliRetrieval::user_, CliRetrieval::movie_;

TEST_F(CliRetrieval, ScoreWritesRankedCsvForEveryUserOrTheListedOnes) {
  testing::ScratchDir tmp;
  Result r = run("score --run " + run_dir() + " --k 3 --out " + (tmp / "all.csv").string());
  ASSERT_EQ(r.status, 0) << r.output;
  const auto rows = lines(testing::read_text(tmp / "all.csv"));
  ASSERT_EQ(rows.size(), 1 + 60 * 3u);
  EXPECT_EQ(rows[0], "user_id,rank,movie_id,score");
  std::map<std::string, std::vector<std::string>> per_user;
  for (size_t i = 1; i < rows.size(); ++i) {
    const auto f = fields(rows[i]);
    ASSERT_EQ(f.size(), 4u) << rows[i];
    auto& list = per_user[f[0]];
    EXPECT_EQ(f[1], std::to_string(list.size() / 2 + 1));
    if (!list.empty()) {
      EXPECT_GE(std::stod(list.back()), std::stod(f[3])) << rows[i];
    }
    list.insert(list.end(), {f[2], f[3]});
  }
  EXPECT_EQ(per_user.size(), 60u);

  // Only the listed user (blank lines and white space ignored), rows as in the full run.
  testing::write_text(tmp / "users.txt", "\n " + user_ + " \r\n");
  r = run("score --run " + run_dir() + " --k 3 --users " + (tmp / "users.txt").string() +
          " --out " + (tmp / "one.csv").string());
  ASSERT_EQ(r.status, 0) << r.output;
  const auto one = lines(testing::read_text(tmp / "one.csv"));
  ASSERT_EQ(one.size(), 4u);
  // Same movies and ranks; the score may differ in the last bits (a GEMM of one user rounds
  // differently from one of sixty).
  const auto& full = per_user.at(user_);
  for (size_t i = 1; i < 4; ++i) {
    const auto f = fields(one[i]);
    EXPECT_EQ(f[0], user_);
    EXPECT_EQ(f[2], full[2 * (i - 1)]) << one[i];
    EXPECT_NEAR(std::stod(f[3]), std::stod(full[2 * (i - 1) + 1]), 1e-5) << one[i];
  }
}

TEST_F(CliRetrieval, ScoreIncludeSeenRanksAtLeastAsHighAndNpzOutput) {
  testing::ScratchDir tmp;
  ASSERT_EQ(run("score --run " + run_dir() + " --k 1 --out " + (tmp / "a.csv").string()).status, 0);
  ASSERT_EQ(
      run("score --run " + run_dir() + " --k 1 --include-seen --out " + (tmp / "b.csv").string())
          .status,
      0);
  const auto unseen = lines(testing::read_text(tmp / "a.csv"));
  const auto all = lines(testing::read_text(tmp / "b.csv"));
  ASSERT_EQ(unseen.size(), all.size());
  bool some_differ = false;
  for (size_t i = 1; i < all.size(); ++i) {
    EXPECT_GE(std::stod(fields(all[i])[3]), std::stod(fields(unseen[i])[3]));
    some_differ |= all[i] != unseen[i];
  }
  EXPECT_TRUE(some_differ);

  const std::string npz = (tmp / "top.npz").string();
  ASSERT_EQ(run("score --run " + run_dir() + " --k 5 --out " + npz).status, 0);
  const std::string bytes = testing::read_text(npz);
  EXPECT_TRUE(contains(bytes, "'descr': '<i8', 'fortran_order': False, 'shape': (60, 5)"));
  EXPECT_TRUE(contains(bytes, "'descr': '<f4', 'fortran_order': False, 'shape': (60, 5)"));
  if (std::system("/usr/bin/python3 -c 'import numpy' >/dev/null 2>&1") == 0) {
    const std::string check = "/usr/bin/python3 -c \"import numpy as np; f=np.load('" + npz +
                              "'); i=f['ids']; s=f['scores']; assert i.shape==s.shape==(60,5) and "
                              "i.min()>=0 and i.max()<300 and (s[:,:-1]>=s[:,1:]).all()\"";
    EXPECT_EQ(std::system(check.c_str()), 0);
  }
  const Result again = run("score --run " + run_dir() + " --k 5 --out " + npz);
  EXPECT_EQ(again.status, 1);
  EXPECT_TRUE(contains(again.output, "already exists (pass --force")) << again.output;
  EXPECT_EQ(run("score --run " + run_dir() + " --k 5 --force --out " + npz).status, 0);
  EXPECT_EQ(testing::read_text(npz), bytes);
}

TEST_F(CliRetrieval, ScoreRejectsBadArgumentsAndWritesNothing) {
  testing::ScratchDir tmp;
  const std::string base = "score --run " + run_dir() + " --out " + (tmp / "s.csv").string();
  for (const char* k : {"0", "-1", "1025", "2x"}) {
    const Result r = run(base + " --k " + k);
    EXPECT_EQ(r.status, 2);
    EXPECT_TRUE(contains(r.output,
                         "cinerec: error: --k: expected a whole number in [1, 1024], "
                         "got \"" +
                             std::string(k) + "\""))
        << r.output;
  }
  Result r = run(base + " --device cuda:99");  // no such GPU, in any build
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(contains(r.output, "cuda:99")) << r.output;
  r = run(base + " --tensor-cores");  // tensor cores need a GPU
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(contains(r.output, "tensor-core scoring needs a cuda device")) << r.output;
  testing::write_text(tmp / "users.txt", user_ + "\nnosuch\n");
  r = run(base + " --users " + (tmp / "users.txt").string());
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(contains(r.output, "users.txt:2: unknown user id \"nosuch\"")) << r.output;
  testing::write_text(tmp / "empty.txt", "\n\n");
  r = run(base + " --users " + (tmp / "empty.txt").string());
  EXPECT_TRUE(contains(r.output, "the user list names no user")) << r.output;
  r = run(base + " --users " + (tmp / "missing.txt").string());
  EXPECT_TRUE(contains(r.output, "missing.txt: cannot open: No such file")) << r.output;
  testing::make_fifo(tmp / "fifo.txt");  // would block until a writer came
  r = run(base + " --users " + (tmp / "fifo.txt").string());
  EXPECT_TRUE(contains(r.output, "fifo.txt: is a FIFO, expected a regular file")) << r.output;
  r = run("score --run " + (tmp / "norun").string() + " --out " + (tmp / "s.csv").string());
  EXPECT_EQ(r.status, 1);
  EXPECT_FALSE(fs::exists(tmp / "s.csv"));
}

TEST_F(CliRetrieval, ExportWritesFeaturesTablesAndIdMaps) {
  testing::ScratchDir tmp;
  const std::string out = (tmp / "export").string();
  Result r = run("export --run " + run_dir() + " --out " + out);
  ASSERT_EQ(r.status, 0) << r.output;
  for (const char* f : {"user_features.npy", "movie_features.npy", "user_embedding.npy",
                        "movie_embedding.npy", "token_embedding.npy", "user_bias.npy"}) {
    EXPECT_TRUE(fs::exists(tmp / "export" / f)) << f;
  }
  EXPECT_TRUE(contains(testing::read_text(tmp / "export" / "user_features.npy"), "(60, 16)"));
  const auto users = lines(testing::read_text(tmp / "export" / "users.csv"));
  ASSERT_EQ(users.size(), 61u);
  EXPECT_EQ(users[0], "index,user_id");
  EXPECT_EQ(lines(testing::read_text(tmp / "export" / "movies.csv"))[0],
            "index,movie_id,title,genres");
  if (std::system("/usr/bin/python3 -c 'import numpy' >/dev/null 2>&1") == 0) {
    const std::string check = "/usr/bin/python3 -c \"import numpy as np; d='" + out +
                              "'; u=np.load(d+'/user_features.npy'); m=np.load(d+'/"
                              "movie_features.npy'); assert u.shape==(60,16) and m.shape==(300,16)"
                              " and abs(u).max() <= 1 and np.load(d+'/user_bias.npy').shape==(60,"
                              "1)\"";
    EXPECT_EQ(std::system(check.c_str()), 0);
  }
  r = run("export --run " + run_dir() + " --out " + out);
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(run("export --run " + run_dir() + " --out " + out + " --force").status, 0);
}

TEST_F(CliRetrieval, RecommendPrintsEachListAndNeedsExactlyOneKnownQuery) {
  const std::string base = "recommend --run " + run_dir();
  Result r = run(base + " --user " + user_ + " --k 3");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "top movies for user " + user_)) << r.output;
  const auto listed = lines(r.output);
  ASSERT_EQ(listed.size(), 2 + 3u) << r.output;
  // rank, movie id, score (ranked by), rating: the score clipped to the 1-5 scale.
  for (size_t i = 2; i < listed.size(); ++i) {
    double score = 0, rating = 0;
    ASSERT_EQ(std::sscanf(listed[i].c_str(), "%*u %*s %lf %lf", &score, &rating), 2) << listed[i];
    EXPECT_NEAR(rating, std::clamp(score, 1.0, 5.0), 0.006) << listed[i];
  }
  r = run(base + " --similar-to " + movie_);
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "cosine similarity")) << r.output;
  r = run(base + " --fans-of " + movie_ + " --k 2");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "fan 2: user ")) << r.output;
  const Result sampled = run(base + " --user " + user_ + " --sample --seed 3");
  EXPECT_EQ(sampled.status, 0);
  EXPECT_EQ(run(base + " --user " + user_ + " --sample --seed 3").output, sampled.output);

  r = run(base + " --similar-to nosuch");
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(contains(r.output, "unknown movie id nosuch")) << r.output;
  EXPECT_TRUE(contains(run(base + " --user nosuch").output, "unknown user id nosuch"));
  EXPECT_NE(run(base).status, 0);
  EXPECT_NE(run(base + " --user " + user_ + " --fans-of " + movie_).status, 0);
  r = run(base + " --user " + user_ + " --k 0");
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(contains(r.output, "--k: expected a whole number in [1, 1024], got \"0\""))
      << r.output;
  // The original code draws from the top 20: more than 20 cannot be a sample of them.
  r = run(base + " --user " + user_ + " --sample --k 21");
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(contains(r.output, "--k must be at most 20, got 21")) << r.output;
}

TEST_F(CliRetrieval, EvalReportsTheThreeRankingProtocols) {
  Result r = run("eval --run " + run_dir());
  ASSERT_EQ(r.status, 0) << r.output;
  const auto j = nlohmann::json::parse(r.output);
  EXPECT_GT(j["mse"].get<double>(), 0.0);
  for (const char* protocol : {"full", "sampled"}) {
    for (const char* metric : {"recall@10", "ndcg@10", "hit@50", "precision@50", "mrr@10"}) {
      const double value = j["ranking"][protocol][metric].get<double>();
      EXPECT_GE(value, 0.0);
      EXPECT_LE(value, 1.0);
    }
    EXPECT_GT(j["ranking"][protocol]["count"].get<size_t>(), 0u);
  }
  EXPECT_EQ(j["ranking"]["sampled"]["negatives"], 100);
  const auto& rated = j["ranking"]["rated"];
  for (const char* metric : {"ndcg@10", "ndcg@50", "precision", "recall", "accuracy"}) {
    EXPECT_GE(rated[metric].get<double>(), 0.0) << metric;
    EXPECT_LE(rated[metric].get<double>(), 1.0) << metric;
  }
  EXPECT_EQ(rated["tp"].get<size_t>() + rated["fp"].get<size_t>() + rated["fn"].get<size_t>() +
                rated["tn"].get<size_t>(),
            j["count"].get<size_t>());  // every test rating classified once
  r = run("eval --run " + run_dir() + " --protocol full");
  EXPECT_FALSE(nlohmann::json::parse(r.output)["ranking"].contains("sampled"));
  EXPECT_FALSE(nlohmann::json::parse(r.output)["ranking"].contains("rated"));
  r = run("eval --run " + run_dir() + " --protocol rated");
  EXPECT_EQ(nlohmann::json::parse(r.output)["ranking"]["rated"], rated);
  r = run("eval --run " + run_dir() + " --protocol none");
  EXPECT_FALSE(nlohmann::json::parse(r.output).contains("ranking"));
  EXPECT_NE(run("eval --run " + run_dir() + " --protocol nosuch").status, 0);
}

}  // namespace
}  // namespace cinerec
