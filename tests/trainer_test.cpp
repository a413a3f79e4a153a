// The training loop on the CPU backend: learning, exact resumption, refusals, divergence.
#include "host/train/trainer.h"
#include "host/model/model_wiring.h"
#include "host/model/spec_from_config.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <sstream>

#include <sys/wait.h>
#include <unistd.h>

#include "host/common/safetensors.h"
#include "host/cpu/cpu_backend.h"
#include "host/data/dataset/dataset_io.h"
#include "host/data/dataset/user_items.h"
#include "host/data/prepare/prepare.h"
#include "host/runtime/backend_factory.h"
#include "host/train/checkpoint.h"
#include "host/train/rating_metrics.h"
#include "tests/raw_tables_fixture.h"
#include "tests/test_util.h"

namespace cinerec {
namespace {

namespace fs = std::filesystem;

// A small model that trains in milliseconds.
Config small_config() {
  Config c;
  c.model.user_id_dim = c.model.movie_id_dim = c.model.genre_dim = c.model.token_dim = 8;
  c.model.demographic_dim = 4;
  c.model.tower_hidden = 8;
  c.model.feature_dim = 16;
  c.model.title_windows = {2, 3};
  c.model.title_filters = 4;
  c.train.batch_size = 16;
  c.train.epochs = 3;
  c.train.threads = 1;
  return c;
}

fs::path write_small_dataset(const fs::path& dir, size_t users, size_t movies, size_t ratings,
                             double test_fraction = 0.2) {
  PrepareOptions options;
  options.split.test_fraction = test_fraction;
  options.title_len = 8;
  write_dataset(prepare_dataset(testing::make_raw_tables(users, movies, ratings), options, {}), dir,
                OutputPolicy::replace());
  return dir;
}

std::unique_ptr<Backend> backend_for(const Config& c, const Dataset& data) {
  return make_backend("cpu", make_model_spec(c.model, data), c);
}

// Trains `config` on `data_dir` into `run`, returning the final parameters.
std::vector<float> train_run(const Config& config, const fs::path& data_dir, const fs::path& run,
                             bool resume = false) {
  const Dataset data = load_dataset(data_dir);
  auto backend = backend_for(config, data);
  train({config, &data, data_dir, run, resume, {}, {}}, *backend);
  return backend->state().params;
}

std::vector<nlohmann::json> metric_lines(const fs::path& run) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(testing::read_text(run / "metrics.jsonl"));
  for (std::string line; std::getline(in, line);)
    lines.push_back(nlohmann::json::parse(line));
  return lines;
}

TEST(Trainer, TinyModelOverfitsAHandfulOfRatings) {
  testing::ScratchDir tmp;
  const fs::path data_dir = write_small_dataset(tmp / "ds", 4, 6, 12, 0.0);
  Config c = small_config();
  c.model.dropout = 0.0;
  c.train.batch_size = 4;
  c.train.epochs = 150;
  c.train.lr = 0.02;
  train_run(c, data_dir, tmp / "run");
  const Dataset data = load_dataset(data_dir);
  auto backend = backend_for(c, data);
  backend->set_state(load_checkpoint(tmp / "run", backend->layout(), false).state);
  const auto train = data.split_indices(Split::kTrain);
  EXPECT_LT(evaluate_ratings(*backend, data, train, 64).mse, 1e-3);
}

// With each ranking term too: its sampled movies are drawn from the seed, the epoch and the
// rating, so a resumed run draws the same.
class TrainerResume : public ::testing::TestWithParam<std::string> {};

TEST_P(TrainerResume, AtAnEpochEndIsBitwiseIdentical) {
  testing::ScratchDir tmp;
  const fs::path data_dir = write_small_dataset(tmp / "ds", 20, 30, 300);
  Config full = small_config();
  full.train.threads = 2;  // determinism holds per thread count, not only single-threaded
  full.train.ranking_loss = GetParam();
  full.train.negatives = 2;
  const auto expected = train_run(full, data_dir, tmp / "a");
  Config first = full;
  first.train.epochs = 1;
  train_run(first, data_dir, tmp / "b");
  EXPECT_EQ(train_run(full, data_dir, tmp / "b", true), expected);
  const auto a = metric_lines(tmp / "a"), b = metric_lines(tmp / "b");
  ASSERT_EQ(a.size(), 3u);
  ASSERT_EQ(b.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(a[i]["train_loss"], b[i]["train_loss"]) << i;
    EXPECT_EQ(a[i]["test"], b[i]["test"]) << i;
  }
}

INSTANTIATE_TEST_SUITE_P(RankingTerms, TrainerResume,
                         ::testing::Values("none", "pointwise", "pairwise"));

// The term does what it is for: the movies users did not rate score lower against the ones they
// did than without it (the same seed, so the same initial model and epoch orders).
TEST(Trainer, ARankingTermPutsRatedMoviesAboveUnratedOnes) {
  testing::ScratchDir tmp;
  const fs::path data_dir = write_small_dataset(tmp / "ds", 20, 30, 300, 0.0);
  const Dataset data = load_dataset(data_dir);
  const UserItems rated = rated_items(data, {Split::kTrain});
  // Mean over users of (mean score of rated movies - mean score of unrated ones).
  const auto margin = [&](const std::string& loss) {
    Config c = small_config();
    c.train.epochs = 20;
    c.train.ranking_loss = loss;
    c.train.negatives = 4;
    const fs::path run = tmp / loss;
    train_run(c, data_dir, run);
    auto backend = backend_for(c, data);
    backend->set_state(load_checkpoint(run, backend->layout(), false).state);
    Batch all;
    for (uint32_t u = 0; u < data.num_users(); ++u) {
      for (uint32_t m = 0; m < data.num_movies(); ++m)
        all.append(data, u, m, 0.0f);
    }
    std::vector<float> score(all.size());
    backend->predict(all, score);
    double sum = 0.0;
    for (uint32_t u = 0; u < data.num_users(); ++u) {
      double in = 0, out = 0;
      for (uint32_t m = 0; m < data.num_movies(); ++m)
        (rated.contains(u, m) ? in : out) += score[u * data.num_movies() + m];
      const double n = static_cast<double>(rated.row(u).size());
      sum += in / n - out / (static_cast<double>(data.num_movies()) - n);
    }
    return sum / static_cast<double>(data.num_users());
  };
  const double none = margin("none");
  EXPECT_GT(margin("pointwise"), none + 0.5);
  EXPECT_GT(margin("pairwise"), none + 0.5);
}

TEST(Trainer, MetricsHaveOneLinePerEpochWithTestMetrics) {
  testing::ScratchDir tmp;
  const fs::path data_dir = write_small_dataset(tmp / "ds", 20, 30, 300);
  train_run(small_config(), data_dir, tmp / "run");
  const auto lines = metric_lines(tmp / "run");
  ASSERT_EQ(lines.size(), 3u);
  const auto& last = lines.back();
  const Dataset data = load_dataset(data_dir);
  const size_t train = data.split_indices(Split::kTrain).size();
  EXPECT_EQ(last["epoch"], 3);
  EXPECT_EQ(last["global_step"], 3 * ((train + 15) / 16));
  EXPECT_EQ(last["test"]["count"], data.split_indices(Split::kTest).size());
  for (const char* key : {"train_loss", "seconds", "samples_per_s"})
    EXPECT_TRUE(last.contains(key)) << key;
  EXPECT_NEAR(last["test"]["rmse"].get<double>(), std::sqrt(last["test"]["mse"].get<double>()),
              1e-12);
}

TEST(Trainer, CheckpointIsStandardSafetensorsWithEveryParameter) {
  testing::ScratchDir tmp;
  const fs::path data_dir = write_small_dataset(tmp / "ds", 20, 30, 300);
  Config c = small_config();
  c.train.epochs = 1;
  const auto params = train_run(c, data_dir, tmp / "run");
  const SafetensorsFile file(tmp / "run" / "model.safetensors");
  const Dataset data = load_dataset(data_dir);
  const ParamLayout layout = param_layout(make_model_spec(c.model, data));
  EXPECT_EQ(file.names().size(), layout.entries().size());
  const ParamEntry& e = layout.at("movie_fc.weight");
  const auto w = file.get<float>("movie_fc.weight", "F32", {24, 16});  // [8 + 8 + 2 * 4, 16]
  EXPECT_TRUE(std::equal(w.begin(), w.end(), params.begin() + e.offset));
  EXPECT_TRUE(fs::exists(tmp / "run" / "state.json"));
  EXPECT_TRUE(fs::exists(tmp / "run" / "config.toml"));
}

TEST(Trainer, RefusesToOverwriteOrToResumeOnOtherDataOrConfig) {
  testing::ScratchDir tmp;
  const fs::path data_dir = write_small_dataset(tmp / "ds", 20, 30, 300);
  const fs::path other_dir = write_small_dataset(tmp / "other", 20, 30, 290);
  Config c = small_config();
  c.train.epochs = 1;
  train_run(c, data_dir, tmp / "run");
  EXPECT_THROW(train_run(c, data_dir, tmp / "run"), std::runtime_error);
  c.train.epochs = 2;
  EXPECT_THROW(train_run(c, other_dir, tmp / "run", true), std::runtime_error);
  Config changed = c;
  changed.train.lr = 0.5;
  EXPECT_THROW(train_run(changed, data_dir, tmp / "run", true), std::runtime_error);
  EXPECT_NO_THROW(train_run(c, data_dir, tmp / "run", true));
}

TEST(Trainer, DivergenceStopsAndKeepsAFiniteCheckpoint) {
  testing::ScratchDir tmp;
  const fs::path data_dir = write_small_dataset(tmp / "ds", 20, 30, 300);
  Config c = small_config();
  c.model.biases = true;
  c.train.lr = 1e30;
  c.train.checkpoint_every = 1;
  EXPECT_THROW(train_run(c, data_dir, tmp / "run"), DivergedError);
  if (fs::exists(tmp / "run" / "model.safetensors")) {
    const Dataset data = load_dataset(data_dir);
    const ParamLayout layout = param_layout(make_model_spec(c.model, data));
    for (float v : load_checkpoint(tmp / "run", layout, true).state.params)
      ASSERT_TRUE(std::isfinite(v));
  }
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "no error";
}

// The run's clean-up deletes optimiser files; it must never run in someone's directory.
TEST(Trainer, FreshRunsGoOnlyIntoNewEmptyOrUnfinishedRunDirectories) {
  testing::ScratchDir tmp;
  const fs::path data_dir = write_small_dataset(tmp / "ds", 20, 30, 300);
  Config c = small_config();
  c.train.epochs = 1;
  testing::write_text(tmp / "home" / "optimizer-notes.txt", "mine");
  EXPECT_NE(error_of([&] {
              train_run(c, data_dir, tmp / "home");
            }).find("holds optimizer-notes.txt, which is not a cinerec run's"),
            std::string::npos);
  EXPECT_EQ(testing::read_text(tmp / "home" / "optimizer-notes.txt"), "mine");
  fs::create_directory(tmp / "empty");
  EXPECT_NO_THROW(train_run(c, data_dir, tmp / "empty"));
  // What a run killed before its first checkpoint leaves behind.
  testing::write_text(tmp / "unfinished" / "config.toml", "");
  testing::write_text(tmp / "unfinished" / "metrics.jsonl", "");
  testing::write_text(tmp / "unfinished" / "train.lock", "123\n");
  EXPECT_NO_THROW(train_run(c, data_dir, tmp / "unfinished"));
  // ... and one killed between its first checkpoint's optimiser file and model.safetensors.
  const fs::path killed = tmp / "killed-mid-checkpoint";
  testing::write_text(killed / "config.toml", "");
  testing::write_text(killed / "metrics.jsonl", "");
  testing::write_text(killed / "train.lock", "123\n");
  testing::write_text(killed / "optimizer-987654.safetensors", "half");
  EXPECT_NO_THROW(train_run(c, data_dir, killed));
  EXPECT_FALSE(fs::exists(killed / "optimizer-987654.safetensors"));
  EXPECT_TRUE(fs::exists(killed / "model.safetensors"));
  // An optimiser-named file without a run's train.lock beside it is someone else's.
  testing::write_text(tmp / "theirs" / "optimizer-3.safetensors", "theirs");
  EXPECT_NE(error_of([&] {
              train_run(c, data_dir, tmp / "theirs");
            }).find("holds optimizer-3.safetensors, which is not a cinerec run's"),
            std::string::npos);
  EXPECT_EQ(testing::read_text(tmp / "theirs" / "optimizer-3.safetensors"), "theirs");
  EXPECT_NE(error_of([&] { train_run(c, data_dir, data_dir / "run"); }).find("inside the input"),
            std::string::npos);
  // A config.toml of the user's, without a run's train.lock beside it, is theirs.
  testing::write_text(tmp / "myexp" / "config.toml", "# my commented experiment\n");
  EXPECT_NE(error_of([&] {
              train_run(c, data_dir, tmp / "myexp");
            }).find("holds config.toml, which is not a cinerec run's"),
            std::string::npos);
  EXPECT_EQ(testing::read_text(tmp / "myexp" / "config.toml"), "# my commented experiment\n");
  EXPECT_FALSE(fs::exists(tmp / "myexp" / "train.lock"));
}

// The --config file is an input: a run directory that holds it is refused.
TEST(Trainer, TheConfigFileIsNeverOverwritten) {
  testing::ScratchDir tmp;
  const fs::path data_dir = write_small_dataset(tmp / "ds", 20, 30, 300);
  Config c = small_config();
  c.train.epochs = 1;
  testing::write_text(tmp / "out" / "config.toml", "[train]\nepochs = 1\n");
  const Dataset data = load_dataset(data_dir);
  auto backend = backend_for(c, data);
  const TrainJob job{c, &data, data_dir, tmp / "out", false, {tmp / "out" / "config.toml"}, {}};
  EXPECT_NE(error_of([&] { train(job, *backend); }).find("contains the input"), std::string::npos);
  EXPECT_EQ(testing::read_text(tmp / "out" / "config.toml"), "[train]\nepochs = 1\n");
}

// metrics.jsonl is read on resume: a FIFO or a link to /dev/zero there is refused, not read.
TEST(Trainer, ResumeRefusesAMetricsFileThatIsNotARegularFile) {
  testing::ScratchDir tmp;
  const fs::path data_dir = write_small_dataset(tmp / "ds", 20, 30, 300);
  Config c = small_config();
  c.train.epochs = 1;
  train_run(c, data_dir, tmp / "run");
  c.train.epochs = 2;
  fs::remove(tmp / "run" / "metrics.jsonl");
  testing::make_fifo(tmp / "run" / "metrics.jsonl");
  EXPECT_NE(error_of([&] { train_run(c, data_dir, tmp / "run", true); }).find("is a FIFO"),
            std::string::npos);
}

// An optimiser file a killed run was writing is never written again under that name: the run's
// own clean-up removes it.
TEST(Trainer, TemporariesAKilledRunLeftAreRemovedOnResume) {
  testing::ScratchDir tmp;
  const fs::path data_dir = write_small_dataset(tmp / "ds", 20, 30, 300);
  Config c = small_config();
  c.train.epochs = 1;
  train_run(c, data_dir, tmp / "run");
  const pid_t dead = [] {
    const pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    ::waitpid(child, nullptr, 0);
    return child;
  }();
  const fs::path leftover =
      tmp / "run" / ("optimizer-17.safetensors.cinerec-tmp-" + std::to_string(dead) + "-3");
  testing::write_text(leftover, "800 KB of moments");
  c.train.epochs = 2;
  train_run(c, data_dir, tmp / "run", true);
  EXPECT_FALSE(fs::exists(leftover));
}

TEST(Trainer, ResumeNamesEveryKeyThatDiffersFromTheCheckpointsConfig) {
  testing::ScratchDir tmp;
  const fs::path data_dir = write_small_dataset(tmp / "ds", 20, 30, 300);
  Config c = small_config();
  c.train.epochs = 1;
  train_run(c, data_dir, tmp / "run");
  Config changed = c;
  changed.train.lr = 0.5;
  changed.model.dropout = 0.25;
  const std::string why = error_of([&] { train_run(changed, data_dir, tmp / "run", true); });
  EXPECT_NE(why.find("model.dropout (0.5 vs 0.25)"), std::string::npos) << why;
  EXPECT_NE(why.find("train.lr (0.001 vs 0.5)"), std::string::npos) << why;
  EXPECT_EQ(why.find("config.toml"), std::string::npos) << why;
}

TEST(Trainer, DivergenceBeforeAnyCheckpointSaysThereIsNone) {
  testing::ScratchDir tmp;
  const fs::path data_dir = write_small_dataset(tmp / "ds", 20, 30, 300);
  Config c = small_config();
  c.model.biases = true;
  c.train.lr = 1e30;
  const std::string why = error_of([&] { train_run(c, data_dir, tmp / "run"); });
  EXPECT_NE(why.find("training diverged"), std::string::npos) << why;
  EXPECT_NE(why.find("no checkpoint was written before it"), std::string::npos) << why;
  EXPECT_FALSE(fs::exists(tmp / "run" / "model.safetensors"));
}

// Passes every call to a CPU backend and counts the checkpoints (each reads the state once).
class CountingBackend final : public Backend {
 public:
  explicit CountingBackend(std::unique_ptr<Backend> inner) : inner_(std::move(inner)) {}
  std::string device() const override { return inner_->device(); }
  const ParamLayout& layout() const override { return inner_->layout(); }
  void set_state(const ModelState& s) override { inner_->set_state(s); }
  ModelState state() override {
    ++states;
    return inner_->state();
  }
  void set_learning_rate(double lr) override { inner_->set_learning_rate(lr); }
  void bind_data(const Dataset& d) override { inner_->bind_data(d); }
  void begin_epoch(std::span<const uint32_t> t, uint64_t seed, uint64_t epoch) override {
    inner_->begin_epoch(t, seed, epoch);
  }
  void train_step(const StepSlice& slice) override { inner_->train_step(slice); }
  double take_loss_sum() override { return inner_->take_loss_sum(); }
  void predict(const Batch& b, std::span<float> out) override { inner_->predict(b, out); }
  size_t feature_dim() const override { return inner_->feature_dim(); }
  void tower_features(const Batch& b, std::span<float> u, std::span<float> m) override {
    inner_->tower_features(b, u, m);
  }
  size_t states = 0;

 private:
  std::unique_ptr<Backend> inner_;
};

TEST(Trainer, TimeBasedCheckpointsComeAsOftenAsTheyAreDue) {
  testing::ScratchDir tmp;
  const fs::path data_dir = write_small_dataset(tmp / "ds", 20, 30, 300);
  const Dataset data = load_dataset(data_dir);
  Config c = small_config();
  c.train.epochs = 1;
  const size_t steps = (data.split_indices(Split::kTrain).size() + 15) / 16;
  for (const double minutes : {0.0, 1e-12}) {
    c.train.checkpoint_minutes = minutes;
    CountingBackend backend(backend_for(c, data));
    const fs::path run = tmp / ("run" + std::to_string(minutes > 0));
    train({c, &data, data_dir, run, false, {}, {}}, backend);
    // Only the epoch end, or one after every step as well (the last step's and the epoch's).
    EXPECT_EQ(backend.states, minutes > 0 ? steps + 1 : 1u) << minutes;
  }
}

TEST(Checkpoint, NonFiniteParametersAreRefusedOnLoad) {
  testing::ScratchDir tmp;
  const fs::path data_dir = write_small_dataset(tmp / "ds", 20, 30, 300);
  Config c = small_config();
  c.train.epochs = 1;
  train_run(c, data_dir, tmp / "run");
  const Dataset data = load_dataset(data_dir);
  const ParamLayout layout = param_layout(make_model_spec(c.model, data));
  Checkpoint saved = load_checkpoint(tmp / "run", layout, true);
  saved.state.params[layout.at("movie_fc.bias").offset + 3] = std::nanf("");
  save_checkpoint(tmp / "run", layout, saved);  // a valid checksum over a NaN
  const std::string why = error_of([&] { load_checkpoint(tmp / "run", layout, false); });
  EXPECT_NE(why.find("tensor movie_fc.bias holds a non-finite value (nan) at element 3"),
            std::string::npos)
      << why;
}

TEST(Checkpoint, AFlippedByteOrAnotherRunsOptimiserFileIsRefused) {
  testing::ScratchDir tmp;
  const fs::path data_dir = write_small_dataset(tmp / "ds", 20, 30, 300);
  Config c = small_config();
  c.train.epochs = 1;
  train_run(c, data_dir, tmp / "a");
  c.train.seed = 2;
  train_run(c, data_dir, tmp / "b");
  const Dataset data = load_dataset(data_dir);
  const ParamLayout layout = param_layout(make_model_spec(c.model, data));
  const std::string optimizer =
      "optimizer-" + std::to_string(read_run_info(tmp / "a").progress.global_step) + ".safetensors";
  // Same step, another run: a mixed pair.
  fs::copy_file(tmp / "b" / optimizer, tmp / "a" / optimizer, fs::copy_options::overwrite_existing);
  EXPECT_NE(error_of([&] {
              load_checkpoint(tmp / "a", layout, true);
            }).find("is not the optimiser state"),
            std::string::npos);
  std::string bytes = testing::read_text(tmp / "b" / "model.safetensors");
  bytes[bytes.size() - 5] ^= 1;
  testing::write_text(tmp / "b" / "model.safetensors", bytes);
  EXPECT_NE(error_of([&] {
              load_checkpoint(tmp / "b", layout, false);
            }).find("does not match its SHA-256"),
            std::string::npos);
}

}  // namespace
}  // namespace cinerec
