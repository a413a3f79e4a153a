// `cinerec train` across ranks under `mpirun --oversubscribe` (Open MPI), against one process on
// the same seed: N ranks x global batch B must end within a stated tolerance of one process x B
// (only the order of floating-point sums differs), each rank must have trained its own share
// (the metrics line's rank_samples: a job whose ranks each ran the whole job alone fails here),
// and the runs must survive uneven tails, more ranks than a batch has rows, resumption at the
// same and at another world size, a mismatched rank and a rank killed mid-epoch. Every mpirun is
// bounded by `timeout`.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "host/common/safetensors.h"
#include "host/data/dataset/dataset_io.h"
#include "host/train/checkpoint.h"
#include "tests/cli_runner.h"
#include "tests/mpi_job.h"
#include "tests/test_util.h"

namespace cinerec {
namespace {

namespace fs = std::filesystem;
using testing::bin;
using testing::DatasetSize;
using testing::make_dataset;
using testing::mpi_env;
using testing::mpirun;

// Relative to max(1, |value|): the ranks sum their gradients in another order than one process,
// and the rounding grows over the steps; observed up to 1.2e-5 after 4 epochs at 2 and 4 ranks on
// one machine, 6.5e-4 at 4 ranks (fc head, row-wise Adam) on another, where a near tie (a ReLU or
// a title max-pool's argmax) flips. Ranks that each ran the whole job alone would match one
// process exactly: the per-rank shares checked below catch them.
constexpr double kTolerance = 1e-3;

std::string train_args(const fs::path& data, const fs::path& out, const std::string& sets) {
  return bin() + " train --data " + data.string() + " --out " + out.string() +
         " --set train.threads=1 " + sets;
}

std::map<std::string, std::vector<float>> tensors(const fs::path& run) {
  const SafetensorsFile file(run / "model.safetensors");
  std::map<std::string, std::vector<float>> out;
  for (const auto& name : file.names()) {
    const auto bytes = file.tensor(name).bytes;
    auto& v = out[name];
    v.resize(bytes.size() / sizeof(float));
    std::memcpy(v.data(), bytes.data(), bytes.size());
  }
  return out;
}

// max over elements of |a - b| / max(1, |a|).
double max_relative_difference(const fs::path& a, const fs::path& b) {
  const auto ta = tensors(a), tb = tensors(b);
  EXPECT_EQ(ta.size(), tb.size());
  double worst = 0;
  for (const auto& [name, va] : ta) {
    const auto& vb = tb.at(name);
    EXPECT_EQ(va.size(), vb.size()) << name;
    for (size_t i = 0; i < va.size() && i < vb.size(); ++i) {
      worst = std::max(worst, std::abs(static_cast<double>(va[i]) - vb[i]) /
                                  std::max(1.0, std::abs(static_cast<double>(va[i]))));
    }
  }
  return worst;
}

nlohmann::json last_metrics(const fs::path& run) {
  std::ifstream in(run / "metrics.jsonl");
  std::string line, last;
  while (std::getline(in, line))
    if (!line.empty()) last = line;
  return nlohmann::json::parse(last);
}

struct Case {
  int ranks;
  size_t batch;
  std::string sets;
  DatasetSize data{};
};

// Rank r's samples in an epoch of `train` ratings: its contiguous share of every global batch
// (docs/distributed.md).
size_t expected_share(size_t train, size_t batch, int rank, int ranks) {
  size_t total = 0;
  for (size_t begin = 0; begin < train; begin += batch) {
    const size_t n = std::min(batch, train - begin);
    total += n / ranks + (static_cast<size_t>(rank) < n % ranks ? 1 : 0);
  }
  return total;
}

class DistributedTrain : public ::testing::TestWithParam<Case> {};

TEST_P(DistributedTrain, MatchesOneProcessWithEachRankItsShare) {
  CINEREC_REQUIRE_MPI();
  testing::ScratchDir tmp;
  const fs::path ds = make_dataset(tmp, "ds", 5, GetParam().data);
  const std::string sets =
      "--set train.epochs=3 --set train.batch_size=" + std::to_string(GetParam().batch) + " " +
      GetParam().sets;
  ASSERT_EQ(testing::run_cli(train_args(ds, tmp / "one", sets).substr(bin().size())).status, 0);
  const auto r = mpirun(GetParam().ranks, train_args(ds, tmp / "many", sets));
  ASSERT_TRUE(fs::exists(tmp / "one" / "model.safetensors"));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_LT(max_relative_difference(tmp / "one", tmp / "many"), kTolerance);

  const auto m = last_metrics(tmp / "many"), one = last_metrics(tmp / "one");
  const size_t train = load_dataset(ds).split_indices(Split::kTrain).size();
  EXPECT_EQ(m.at("ranks"), GetParam().ranks);
  const auto shares = m.at("rank_samples").get<std::vector<size_t>>();
  ASSERT_EQ(shares.size(), static_cast<size_t>(GetParam().ranks));
  for (int rank = 0; rank < GetParam().ranks; ++rank)
    EXPECT_EQ(shares[rank], expected_share(train, GetParam().batch, rank, GetParam().ranks))
        << rank;
  EXPECT_NEAR(m.at("test").at("mse").get<double>(), one.at("test").at("mse").get<double>(), 1e-4);
  EXPECT_EQ(m.at("test").at("count"), one.at("test").at("count"));
}

INSTANTIATE_TEST_SUITE_P(
    RanksAndModels, DistributedTrain,
    ::testing::Values(Case{2, 256, "--set model.head=dot --set train.embedding_optimizer=rowwise"},
                      Case{2, 256, "--set model.head=fc --set train.embedding_optimizer=dense"},
                      Case{4, 256, "--set model.head=fc --set train.embedding_optimizer=rowwise"},
                      Case{4, 256,
                           "--set model.head=dot --set train.embedding_optimizer=dense --set "
                           "train.weight_decay=0.01"},
                      // More ranks than a batch has rows (rank 3 takes none) and a short tail,
                      // on a small set: at batch 3, rounding differences grow over thousands of
                      // steps (to 2e-2 after 3,200).
                      Case{4, 3, "--set model.biases=true", {50, 200, 600}},
                      // An epoch of 6 ratings on 8 ranks: ranks 6 and 7 take part in every
                      // step with no rows.
                      Case{8, 256, "", {3, 6, 8}},
                      // The ranking term: each rank draws its ratings' sampled movies itself.
                      Case{3, 256,
                           "--set train.ranking_loss=pairwise --set train.negatives=3 --set "
                           "train.negative_weight=0.5"}),
    [](const ::testing::TestParamInfo<Case>& c) {
      return std::to_string(c.param.ranks) + "ranks_batch" + std::to_string(c.param.batch) + "_" +
             std::to_string(c.param.data.ratings) + "ratings_case" + std::to_string(c.index);
    });

TEST(DistributedTrainResume, AtTheSameWorldBitwiseAndAtAnotherWithinTolerance) {
  CINEREC_REQUIRE_MPI();
  testing::ScratchDir tmp;
  const fs::path ds = make_dataset(tmp);
  auto r = mpirun(2, train_args(ds, tmp / "whole", "--set train.epochs=2"));
  ASSERT_EQ(r.status, 0) << r.output;
  r = mpirun(2, train_args(ds, tmp / "half", "--set train.epochs=1"));
  ASSERT_EQ(r.status, 0) << r.output;
  fs::copy(tmp / "half", tmp / "other", fs::copy_options::recursive);
  r = mpirun(2, train_args(ds, tmp / "half", "--resume --set train.epochs=2"));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(max_relative_difference(tmp / "whole", tmp / "half"), 0.0);
  r = mpirun(3, train_args(ds, tmp / "other", "--resume --set train.epochs=2"));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_LT(max_relative_difference(tmp / "whole", tmp / "other"), kTolerance);
  EXPECT_EQ(last_metrics(tmp / "other").at("ranks"), 3);
}

TEST(DistributedTrainChecks, ARankWithAnotherConfigOrDatasetIsRefused) {
  CINEREC_REQUIRE_MPI();
  testing::ScratchDir tmp;
  const fs::path ds = make_dataset(tmp), other = make_dataset(tmp, "other", 6);
  const std::string a = train_args(ds, tmp / "run", "--set train.epochs=1");
  auto r = mpirun(1, a + " : -np 1 " + a + " --set train.lr=0.002");
  EXPECT_NE(r.status, 0);
  EXPECT_TRUE(testing::contains(r.output, "rank 1: its config differs")) << r.output;
  EXPECT_FALSE(fs::exists(tmp / "run" / "model.safetensors"));
  r = mpirun(1, a + " : -np 1 " + train_args(other, tmp / "run", "--set train.epochs=1"));
  EXPECT_NE(r.status, 0);
  EXPECT_TRUE(testing::contains(r.output, "rank 1: its dataset (fingerprint) differs")) << r.output;
}

// A CUDA rank would wait in NCCL's bootstrap for a CPU rank that never joins: the device kind is
// compared first (here the CUDA rank never gets as far as looking for a GPU).
TEST(DistributedTrainChecks, RanksOnDifferentKindsOfDeviceAreRefused) {
  CINEREC_REQUIRE_MPI();
  testing::ScratchDir tmp;
  const fs::path ds = make_dataset(tmp);
  const std::string a = train_args(ds, tmp / "run", "--set train.epochs=1");
  const auto r = mpirun(1, a + " : -np 1 " + a + " --device cuda", 120);
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_TRUE(testing::contains(r.output, "rank 1: its --device (cpu or cuda) differs"))
      << r.output;
}

TEST(DistributedTrainChecks, ALauncherWorldThatMpiDoesNotSeeIsRefused) {
  CINEREC_REQUIRE_MPI();
  testing::ScratchDir tmp;
  // What srun without PMI support does: N processes, each MPI's world of one.
  const auto s = testing::run_shell(
      mpi_env() + "SLURM_STEP_NUM_TASKS=4 SLURM_PROCID=0 timeout 60 " + bin() + " train --data " +
      (tmp / "ds").string() + " --out " + (tmp / "run").string() + " 2>&1");
  EXPECT_EQ(s.status, 1) << s.output;
  EXPECT_TRUE(testing::contains(s.output, "SLURM_STEP_NUM_TASKS=4")) << s.output;
  EXPECT_TRUE(testing::contains(s.output, "MPI sees a world of 1")) << s.output;
  EXPECT_FALSE(fs::exists(tmp / "run"));
}

// A 2-rank job of `sets` whose rank 1 gets `signal` once the run's first checkpoint exists; then
// the checkpoint must be readable and resume at 2 ranks. Returns the job's result.
testing::CliResult signal_rank_one(const std::string& signal, const std::string& sets) {
  testing::ScratchDir tmp;
  const fs::path ds = make_dataset(tmp), run = tmp / "run";
  const std::string job = train_args(ds, run, "--set train.epochs=1000 " + sets);
  const std::string signalled =
      "sh -c '" + job + " & p=$!; while [ ! -e " + (run / "model.safetensors").string() +
      " ]; do sleep 0.05; done; sleep 0.2; kill -" + signal + " $p; wait $p'";
  const auto r = mpirun(1, job + " : -np 1 " + signalled, 120);
  EXPECT_NE(r.status, 0) << r.output;
  EXPECT_NE(r.status, 124) << "the job hung: " << r.output;
  EXPECT_GT(read_run_info(run).progress.global_step, 0u);
  const auto resumed = mpirun(2, train_args(ds, run, "--resume --set train.epochs=1"));
  EXPECT_EQ(resumed.status, 0) << resumed.output;
  return r;
}

TEST(DistributedTrainFaults, ARankKilledMidEpochEndsTheJobAndTheCheckpointResumes) {
  CINEREC_REQUIRE_MPI();
  // Rank 0 is left waiting in a collective; mpirun must end it.
  signal_rank_one("KILL", "--set train.checkpoint_every=10");
}

TEST(DistributedTrainFaults, SigtermToOneRankCheckpointsEveryRankAndStops) {
  CINEREC_REQUIRE_MPI();
  const auto r = signal_rank_one("TERM", "");
  EXPECT_TRUE(testing::contains(r.output, "train: stopped by SIGTERM")) << r.output;
}

TEST(DistributedTrainFaults, AnErrorOnOneRankEndsEveryRank) {
  CINEREC_REQUIRE_MPI();
  testing::ScratchDir tmp;
  const fs::path ds = make_dataset(tmp);
  // Rank 1 cannot read its dataset; rank 0 would wait for it in the first collective.
  const auto r = mpirun(1,
                        train_args(ds, tmp / "run", "--set train.epochs=1000") + " : -np 1 " +
                            train_args(tmp / "missing", tmp / "run", ""),
                        120);
  EXPECT_NE(r.status, 0) << r.output;
  EXPECT_NE(r.status, 124) << "the job hung: " << r.output;
  EXPECT_TRUE(testing::contains(r.output, "error on rank 1 of 2")) << r.output;
}

// Every number of `a` and `b` alike: integers (counts) exactly, reals within `rel`.
void expect_same_numbers(const nlohmann::json& a, const nlohmann::json& b, double rel,
                         const std::string& at = "") {
  ASSERT_EQ(a.type(), b.type()) << at;
  if (a.is_object()) {
    ASSERT_EQ(a.size(), b.size()) << at;
    for (const auto& [key, value] : a.items())
      expect_same_numbers(value, b.at(key), rel, at + "." + key);
  } else if (a.is_number_float()) {
    const double x = a.get<double>(), y = b.get<double>();
    EXPECT_LE(std::abs(x - y), rel * std::max(std::abs(x), 1e-300))
        << at << ": " << x << " vs " << y;
  } else {
    EXPECT_EQ(a, b) << at;
  }
}

TEST(DistributedEval, EqualsOneProcess) {
  CINEREC_REQUIRE_MPI();
  testing::ScratchDir tmp;
  const fs::path ds = make_dataset(tmp), run = tmp / "run";
  ASSERT_EQ(testing::run_cli("train --data " + ds.string() + " --out " + run.string() +
                             " --set train.epochs=1 --set train.threads=1")
                .status,
            0);
  const auto one = testing::run_cli("eval --run " + run.string() + " 2>/dev/null");
  ASSERT_EQ(one.status, 0) << one.output;
  const auto three = mpirun(3, bin() + " eval --run " + run.string() + " 2>/dev/null");
  ASSERT_EQ(three.status, 0) << three.output;
  const auto a = nlohmann::json::parse(one.output), b = nlohmann::json::parse(three.output);
  EXPECT_GT(a.at("ranking").at("full").at("count").get<size_t>(), 0u);
  expect_same_numbers(a, b, 1e-12);
}

TEST(DistributedCommands, OnlyTrainRunsAcrossRanks) {
  CINEREC_REQUIRE_MPI();
  testing::ScratchDir tmp;
  const auto r = mpirun(2, bin() + " synth --out " + (tmp / "raw").string(), 60);
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_TRUE(testing::contains(r.output, "`cinerec synth` runs in one process")) << r.output;
  EXPECT_FALSE(fs::exists(tmp / "raw"));
}

TEST(DistributedCommands, AUsageErrorOnOneRankEndsTheJob) {
  CINEREC_REQUIRE_MPI();
  testing::ScratchDir tmp;
  const fs::path ds = make_dataset(tmp);
  // MPMD: rank 1 alone has a bad --set; rank 0 would wait for it in the first collective.
  const std::string job = train_args(ds, tmp / "run", "");
  const auto r = mpirun(1, job + " : -np 1 " + job + " --set bogus=1", 60);
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_TRUE(testing::contains(r.output, "error on rank 1 of 2")) << r.output;
}

}  // namespace
}  // namespace cinerec
