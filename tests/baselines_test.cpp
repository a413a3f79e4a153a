// The baselines behind the training loop (docs/baselines.md): Pop counts the first epoch's
// training ratings and predicts the mean; MF (Surprise's SVD) learns on the synthetic set's
// planted structure, does not depend on the batch size or thread count, resumes bitwise, and is
// served by eval and score; both refuse GPUs and several ranks.
#include <gtest/gtest.h>

#include <cstring>

#include <map>

#include <nlohmann/json.hpp>

#include "host/baselines/pop_backend.h"
#include "host/common/safetensors.h"
#include "host/model/spec_from_config.h"
#include "host/runtime/backend_factory.h"
#include "tests/cli_runner.h"
#include "tests/fake_world.h"
#include "tests/mpi_job.h"
#include "tests/retrieval_fixture.h"
#include "tests/run_logs.h"
#include "tests/run_tensors.h"
#include "tests/test_util.h"

namespace cinerec {
namespace {

namespace fs = std::filesystem;

TEST(PopBackend, CountsTheFirstEpochsTrainingPositivesAndPredictsTheMean) {
  const Dataset data = testing::small_dataset(12, 40, 150);
  constexpr float kThreshold = 3.0f;
  PopBackend pop(data.num_movies(), kThreshold);
  ModelState start = pop.state();
  const float mean = 3.25f;
  start.params[pop.layout().at("global_mean").offset] = mean;
  pop.set_state(start);
  pop.bind_data(data);
  const auto train = data.split_indices(Split::kTrain);
  std::vector<float> expected(data.num_movies(), 0.0f);
  size_t below = 0;
  for (const uint32_t i : train) {
    const bool positive = data.rating_value()[i] >= kThreshold;
    expected[data.rating_movie()[i]] += positive ? 1.0f : 0.0f;
    below += !positive;
  }
  ASSERT_GT(below, 0u);                           // some ratings must not count
  for (uint64_t epoch = 0; epoch < 2; ++epoch) {  // the second epoch counts nothing
    pop.begin_epoch(train, 1, epoch);
    pop.train_step({0, train.size() / 2, 0});
    pop.train_step({train.size() / 2, train.size() - train.size() / 2, 1});
  }
  const ParamEntry& counts = pop.layout().at("movie_count");
  const std::vector<float> params = pop.state().params;
  EXPECT_EQ(std::vector<float>(params.begin() + counts.offset,
                               params.begin() + counts.offset + counts.size),
            expected);
  Batch batch;
  batch.clear(0);
  batch.append(data, 2, 5, 0.0f);
  float predicted = 0.0f, u = 0.0f, m = 0.0f;
  pop.predict(batch, std::span(&predicted, 1));
  EXPECT_EQ(predicted, mean);
  pop.tower_features(batch, std::span(&u, 1), std::span(&m, 1));
  EXPECT_EQ(u * m, expected[5]);
}

TEST(Baselines, RefuseGpusAndSeveralRanks) {
  const Dataset data = testing::small_dataset();
  for (const char* kind : {"pop", "mf", "bpr", "enmf", "fism", "usercf", "itemcf", "din"}) {
    Config c;
    c.model.kind = kind;
    const ModelSpec spec = make_model_spec(c.model, data);
    EXPECT_THROW(make_backend("cuda", spec, c), std::invalid_argument) << kind;
    testing::FakeWorld two(0, 2, [](std::span<const std::byte> b, int) {
      return std::vector<std::byte>(b.begin(), b.end());
    });
    EXPECT_THROW(make_backend("cpu", spec, c, 0, two), std::invalid_argument) << kind;
    EXPECT_EQ(make_backend("cpu", spec, c)->device(), "cpu");
  }
}

nlohmann::json eval_json(const fs::path& run) {
  const auto r =
      testing::run_shell(testing::bin() + " eval --run " + run.string() + " 2>/dev/null");
  EXPECT_EQ(r.status, 0) << r.output;
  return nlohmann::json::parse(r.output);
}

// Training runs of the baselines on one synthetic dataset (`testing::make_dataset`).
class BaselineRuns {
 public:
  BaselineRuns() : data_(testing::make_dataset(tmp_)) {}
  testing::CliResult train(const std::string& name, const std::string& sets) const {
    return testing::run_cli("train --data " + data_.string() + " --out " + run(name).string() +
                            " " + sets);
  }
  fs::path run(const std::string& name) const { return tmp_ / name; }

 private:
  testing::ScratchDir tmp_;
  fs::path data_;
};

TEST(Baselines, MfBeatsTheMeanAndPopRanksAboveChance) {
  const BaselineRuns runs;
  const auto train = [&](const std::string& name, const std::string& sets) {
    return runs.train(name, sets);
  };
  const auto run = [&](const std::string& name) { return runs.run(name); };
  ASSERT_EQ(train("pop", "--set model.kind=pop").status, 0);
  ASSERT_EQ(train("mf", "--set model.kind=mf --set train.epochs=20").status, 0);
  const nlohmann::json pop = eval_json(run("pop")), mf = eval_json(run("mf"));
  // Pop predicts the training mean: its MSE is the floor a rating model must clear.
  EXPECT_LT(mf.at("mse").get<double>(), 0.9 * pop.at("mse").get<double>());
  // 1,500 movies: a random top 10 finds 10/1500 of a user's relevant ones.
  EXPECT_GT(pop.at("ranking").at("full").at("recall@10").get<double>(), 10 * 10.0 / 1500);
  const auto scored = testing::run_cli("score --run " + run("mf").string() + " --out " +
                                       run("mf.csv").string() + " --k 5");
  EXPECT_EQ(scored.status, 0) << scored.output;
}

TEST(Baselines, MfIsTheSameForAnyBatchOrThreadsAndResumesBitwise) {
  const BaselineRuns runs;
  const auto train = [&](const std::string& name, const std::string& sets) {
    return runs.train(name, sets);
  };
  const auto run = [&](const std::string& name) { return runs.run(name); };
  const std::string mf = "--set model.kind=mf --set mf.factors=8 ";
  ASSERT_EQ(train("whole", mf + "--set train.epochs=3").status, 0);
  ASSERT_EQ(train("small", mf + "--set train.epochs=3 --set train.batch_size=7 --set "
                                "train.threads=2")
                .status,
            0);
  ASSERT_EQ(train("half", mf + "--set train.epochs=2").status, 0);
  const auto resumed = train("half", mf + "--set train.epochs=3 --resume");
  ASSERT_EQ(resumed.status, 0) << resumed.output;
  const auto whole = testing::run_tensors(run("whole"));
  EXPECT_EQ(testing::run_tensors(run("small")), whole);
  EXPECT_EQ(testing::run_tensors(run("half")), whole);
  ASSERT_EQ(train("seed", mf + "--set train.epochs=3 --set train.seed=2").status, 0);
  EXPECT_NE(testing::run_tensors(run("seed")), whole);
  EXPECT_EQ(whole.at("user_factors").size(), 200u * 8 * sizeof(float));
}

}  // namespace
}  // namespace cinerec

namespace cinerec {
namespace {

// `sets` (a model that learns a ranking from implicit feedback) trained `epochs` in one run, and
// half of them then resumed to `epochs`: bitwise the same, far above a random top 10 on the
// planted structure, and without the rated protocol's "liked" or a test MSE in its epochs' lines
// (its scores are no ratings).
void expect_ranks_above_chance_and_resumes_bitwise(const std::string& sets, size_t epochs) {
  const BaselineRuns runs;
  const auto epochs_set = [](size_t n) { return "--set train.epochs=" + std::to_string(n); };
  ASSERT_EQ(runs.train("whole", sets + epochs_set(epochs)).status, 0);
  ASSERT_EQ(runs.train("half", sets + epochs_set(epochs / 2)).status, 0);
  const auto resumed = runs.train("half", sets + epochs_set(epochs) + " --resume");
  ASSERT_EQ(resumed.status, 0) << resumed.output;
  EXPECT_EQ(testing::run_tensors(runs.run("half")), testing::run_tensors(runs.run("whole")));
  const nlohmann::json e = eval_json(runs.run("whole"));
  EXPECT_GT(e.at("ranking").at("full").at("recall@10").get<double>(), 5 * 10.0 / 1500);
  EXPECT_FALSE(e.at("ranking").at("rated").contains("recall"));
  for (const auto& epoch : testing::json_lines(runs.run("whole") / "metrics.jsonl")) {
    EXPECT_TRUE(epoch.contains("train_loss"));
    EXPECT_FALSE(epoch.contains("test")) << epoch.dump();
  }
}

// BPR's negatives are drawn from the seed, the epoch and the rating.
TEST(Baselines, BprRanksAboveChanceAndResumesBitwise) {
  expect_ranks_above_chance_and_resumes_bitwise(
      "--set model.kind=bpr --set bpr.embedding_size=16 --set train.batch_size=256 ", 40);
}

// FISM's negatives, as BPR's.
TEST(Baselines, FismRanksAboveChanceAndResumesBitwise) {
  expect_ranks_above_chance_and_resumes_bitwise(
      "--set model.kind=fism --set fism.embedding_size=16 --set train.batch_size=256 --set "
      "train.lr=0.01 ",
      10);
}

// ENMF's dropout masks are drawn from the seed, the step and the rating.
TEST(Baselines, EnmfRanksAboveChanceAndResumesBitwise) {
  expect_ranks_above_chance_and_resumes_bitwise(
      "--set model.kind=enmf --set enmf.embedding_size=16 --set train.batch_size=256 --set "
      "train.lr=0.01 ",
      10);
}

// DIN's negatives, as BPR's; its BatchNorm running statistics are in the checkpoint.
TEST(Baselines, DinRanksAboveChanceAndResumesBitwise) {
  expect_ranks_above_chance_and_resumes_bitwise(
      "--set model.kind=din --set din.embedding_size=8 --set din.mlp_hidden_size=[16,8] --set "
      "din.max_history=20 --set train.batch_size=256 --set train.lr=0.01 ",
      6);
}

// DIN through the commands that rank: it scores pairs (no vectors), so score and recommend --user
// work and export refuses it.
TEST(Baselines, DinScoresThroughItsPairs) {
  const BaselineRuns runs;
  ASSERT_EQ(runs.train("din",
                       "--set model.kind=din --set din.embedding_size=4 --set "
                       "din.mlp_hidden_size=[8] --set train.epochs=1")
                .status,
            0);
  // Training moved BatchNorm's running statistics (which evaluation reads) off their start.
  const auto tensors = testing::run_tensors(runs.run("din"));
  std::vector<float> running_var(8);
  ASSERT_EQ(tensors.at("dnn.bn.0.running_var").size(), running_var.size() * sizeof(float));
  std::memcpy(running_var.data(), tensors.at("dnn.bn.0.running_var").data(), 8 * sizeof(float));
  EXPECT_TRUE(std::ranges::none_of(running_var, [](float v) { return v == 1.0f; }));
  const auto csv = runs.run("din.csv");
  const auto scored = testing::run_cli("score --run " + runs.run("din").string() + " --out " +
                                       csv.string() + " --k 3");
  ASSERT_EQ(scored.status, 0) << scored.output;
  EXPECT_EQ(std::ranges::count(testing::read_text(csv), '\n'), 1 + 200 * 3);
  const auto listed = testing::run_cli("recommend --run " + runs.run("din").string() + " --user 3");
  EXPECT_EQ(listed.status, 0) << listed.output;
  EXPECT_TRUE(testing::contains(listed.output, "the model's ranking score, not a rating"));
  const auto exported = testing::run_cli("export --run " + runs.run("din").string() + " --out " +
                                         runs.run("din.npz").string());
  EXPECT_NE(exported.status, 0);
  EXPECT_TRUE(testing::contains(exported.output, "has no user and movie vectors"))
      << exported.output;
}

}  // namespace
}  // namespace cinerec

namespace cinerec {
namespace {

// UserCF and ItemCF through the commands: trained in one step, ranked by rows of neighbour sums
// (eval's three protocols, score, recommend --user) far above a random top 10, predicting ratings
// better than the training mean, their lists the same when trained again; what needs vectors
// (the movie lists, export) refused with a message.
void expect_neighbourhood_model_works_through_the_commands(const std::string& kind) {
  const BaselineRuns runs;
  const std::string sets = "--config " + (fs::path(CINEREC_SOURCE_DIR) / "configs").string() + "/" +
                           kind + ".toml --set " + kind + ".k=20";
  ASSERT_EQ(runs.train("pop", "--set model.kind=pop").status, 0);
  ASSERT_EQ(runs.train("a", sets).status, 0);
  ASSERT_EQ(runs.train("b", sets).status, 0);
  EXPECT_EQ(testing::run_tensors(runs.run("a")), testing::run_tensors(runs.run("b")));
  const nlohmann::json e = eval_json(runs.run("a")), pop = eval_json(runs.run("pop"));
  EXPECT_GT(e.at("ranking").at("full").at("recall@10").get<double>(), 5 * 10.0 / 1500);
  EXPECT_GT(e.at("ranking").at("sampled").at("hit@10").get<double>(), 2 * 10.0 / 101);
  EXPECT_TRUE(e.at("ranking").at("rated").contains("ndcg@10"));
  EXPECT_FALSE(e.at("ranking").at("rated").contains("recall"));  // its scores are no ratings
  EXPECT_LT(e.at("mse").get<double>(), pop.at("mse").get<double>());
  const auto csv = runs.run("a.csv");
  const auto scored = testing::run_cli("score --run " + runs.run("a").string() + " --out " +
                                       csv.string() + " --k 5");
  ASSERT_EQ(scored.status, 0) << scored.output;
  EXPECT_EQ(std::ranges::count(testing::read_text(csv), '\n'), 1 + 200 * 5);
  const auto listed = testing::run_cli("recommend --run " + runs.run("a").string() + " --user 3");
  EXPECT_EQ(listed.status, 0) << listed.output;
  EXPECT_TRUE(testing::contains(listed.output, "the model's ranking score, not a rating"));
  const auto similar =
      testing::run_cli("recommend --run " + runs.run("a").string() + " --similar-to 1");
  EXPECT_NE(similar.status, 0);
  EXPECT_TRUE(testing::contains(similar.output, "only --user lists")) << similar.output;
  const auto exported = testing::run_cli("export --run " + runs.run("a").string() + " --out " +
                                         runs.run("a.npz").string());
  EXPECT_NE(exported.status, 0);
  EXPECT_TRUE(testing::contains(exported.output, "has no user and movie vectors"))
      << exported.output;
  EXPECT_FALSE(fs::exists(runs.run("a.npz")));
}

TEST(Baselines, UserCfWorksThroughTheCommands) {
  expect_neighbourhood_model_works_through_the_commands("usercf");
}

TEST(Baselines, ItemCfWorksThroughTheCommands) {
  expect_neighbourhood_model_works_through_the_commands("itemcf");
}

}  // namespace
}  // namespace cinerec
