#include "host/train/trainer.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "host/comm/rank_agreement.h"
#include "host/common/atomic_file.h"
#include "host/common/regular_file.h"
#include "host/data/dataset/dataset_io.h"
#include "host/model/init.h"
#include "host/train/checkpoint.h"
#include "host/train/interrupt.h"
#include "host/train/progress.h"
#include "host/train/rating_metrics.h"
#include "host/train/replica_check.h"
#include "host/train/run_lock.h"

namespace cinerec {
namespace fs = std::filesystem;
namespace {

using Clock = std::chrono::steady_clock;

// The finer training-loss curve: the mean loss of each window of about 1/kLossPointsPerEpoch of
// an epoch, one JSON line each, beside metrics.jsonl (which stays one line per epoch).
constexpr const char* kTrainLossFile = "train_loss.jsonl";
constexpr size_t kLossPointsPerEpoch = 50;

double mean_rating(const Dataset& d, std::span<const uint32_t> indices) {
  double sum = 0.0;
  for (uint32_t i : indices)
    sum += d.rating_value()[i];
  return indices.empty() ? 0.0 : sum / static_cast<double>(indices.size());
}

// The MSE of predicting `mean` for every rating: what a model that learned nothing scores.
double constant_mse(const Dataset& d, std::span<const uint32_t> indices, double mean) {
  double sum = 0.0;
  for (uint32_t i : indices) {
    const double e = d.rating_value()[i] - mean;
    sum += e * e;
  }
  return indices.empty() ? 0.0 : sum / static_cast<double>(indices.size());
}

std::vector<std::string> read_lines(const fs::path& path) {
  std::vector<std::string> lines;
  if (!fs::exists(fs::symlink_status(path))) return lines;
  std::istringstream in(read_regular_file(path));
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

void write_lines(const fs::path& path, const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& l : lines)
    text += l + "\n";
  write_file_atomic(path, text.data(), text.size());
}

// What a run writes before its first checkpoint commits, beside its train.lock.
bool is_unfinished_run_file(const std::string& name) {
  return name == "config.toml" || name == "metrics.jsonl" || name == kTrainLossFile ||
         name == RunDirLock::kFileName || name.find(".cinerec-tmp-") != std::string::npos ||
         is_uncommitted_checkpoint_file(name);
}

// A fresh run goes into a new or empty directory, or one a run left before its first checkpoint
// committed (it holds that run's train.lock, perhaps an optimiser file, no model.safetensors);
// anything else may be someone's files, a config.toml of their own among them, that the run
// would overwrite. The next checkpoint's clean-up removes such an optimiser file.
void check_fresh_run_dir(const fs::path& run) {
  if (fs::exists(run / "model.safetensors")) {
    throw std::runtime_error("run directory " + run.string() +
                             " already holds a checkpoint: pass --resume to continue it");
  }
  if (!fs::is_directory(run)) return;
  const bool was_run = fs::exists(run / RunDirLock::kFileName);
  for (const auto& entry : fs::directory_iterator(run)) {
    const std::string name = entry.path().filename().string();
    if (!was_run || !is_unfinished_run_file(name)) {
      throw std::runtime_error("run directory " + run.string() + " holds " + name +
                               ", which is not a cinerec run's: choose a new or empty --out");
    }
  }
}

std::string signal_name(int signal) {
  return signal == SIGINT ? "SIGINT" : signal == SIGTERM ? "SIGTERM" : std::to_string(signal);
}

// The run's mutable state and the steps of one run.
class Run {
 public:
  Run(const TrainJob& job, Backend& backend)
      : job_(job),
        world_(*job.world),
        data_(*job.data),
        backend_(backend),
        train_(data_.split_indices(Split::kTrain)),
        val_(data_.split_indices(Split::kVal)),
        test_(data_.split_indices(Split::kTest)),
        last_checkpoint_(Clock::now()) {
    backend_.bind_data(data_);
    checkpoint_.info = {to_toml(job.config), fs::absolute(job.data_dir).string(),
                        dataset_fingerprint(job.data_dir), job.config.train.seed};
  }

  void start() { job_.resume ? resume() : fresh(); }

  void train_epochs() {
    const TrainConfig& t = job_.config.train;
    if (train_.empty()) throw std::runtime_error("the dataset has no training ratings");
    while (checkpoint_.progress.epochs_done < t.epochs) {
      train_epoch();
      agree_on_signal();
      stop_if_interrupted();
    }
    if (world_.is_root()) warn_if_not_learning();
  }

 private:
  void fresh() {
    ModelState state;
    state.params =
        init_parameters(backend_.layout(), job_.config.train.seed, mean_rating(data_, train_));
    state.adam_m.assign(state.params.size(), 0.0f);
    state.adam_v.assign(state.params.size(), 0.0f);
    backend_.set_state(state);
    if (!world_.is_root()) return;
    write_lines(job_.run_dir / "metrics.jsonl", {});
    write_lines(job_.run_dir / kTrainLossFile, {});
    save_config();
  }

  void resume() {
    const Checkpoint saved = load_checkpoint(job_.run_dir, backend_.layout(), true);
    if (saved.info.dataset_fingerprint != checkpoint_.info.dataset_fingerprint) {
      throw std::runtime_error("cannot resume " + job_.run_dir.string() + ": it was trained on " +
                               saved.info.dataset_path + ", a different dataset than " +
                               job_.data_dir.string());
    }
    Config saved_config =
        config_from_toml(saved.info.config_toml, (job_.run_dir / "model.safetensors").string());
    saved_config.train.epochs = job_.config.train.epochs;
    if (!(saved_config == job_.config)) {
      std::string keys;
      for (const std::string& d : config_differences(saved_config, job_.config))
        keys += "\n  " + d;
      throw std::runtime_error("cannot resume " + job_.run_dir.string() +
                               ": the config given differs from the one its checkpoint was "
                               "trained with (only train.epochs may change; run vs given):" +
                               keys);
    }
    backend_.set_state(saved.state);
    checkpoint_.progress = saved.progress;
    saved_step_ = saved.progress.global_step;
    if (!world_.is_root()) return;
    // Drop metrics of epochs the checkpoint does not include; they are recomputed.
    auto lines = read_lines(job_.run_dir / "metrics.jsonl");
    lines.resize(std::min<size_t>(lines.size(), saved.progress.epochs_done));
    write_lines(job_.run_dir / "metrics.jsonl", lines);
    // And the loss windows after the checkpoint's step.
    auto windows = read_lines(job_.run_dir / kTrainLossFile);
    std::erase_if(windows, [&](const std::string& l) {
      return nlohmann::json::parse(l).at("step").get<uint64_t>() > saved.progress.global_step;
    });
    write_lines(job_.run_dir / kTrainLossFile, windows);
    save_config();
  }

  void save_config() {
    const std::string text = to_toml(job_.config);
    write_file_atomic(job_.run_dir / "config.toml", text.data(), text.size());
  }

  // Moves the ranks' accumulated loss into the epoch total; stops on a non-finite loss. A
  // collective: every rank calls it at the same steps.
  void collect_loss() {
    double sum = backend_.take_loss_sum();
    world_.sum(std::span(&sum, 1));
    TrainProgress& p = checkpoint_.progress;
    if (!std::isfinite(sum)) diverged("non-finite loss");
    p.epoch_loss_sum += sum;
  }

  [[noreturn]] void diverged(const std::string& what) const {
    const TrainProgress& p = checkpoint_.progress;
    const std::string kept = saved_step_ ? job_.run_dir.string() +
                                               " keeps the last good checkpoint (step " +
                                               std::to_string(*saved_step_) + ")"
                                         : "no checkpoint was written before it";
    throw DivergedError("training diverged: " + what + " at epoch " +
                        std::to_string(p.epochs_done + 1) + ", step " +
                        std::to_string(p.global_step) + "; " + kept + " (lower train.lr?)");
  }

  void save() {
    close_loss_window();
    checkpoint_.state = backend_.state();
    const ModelState& s = checkpoint_.state;
    // Replicas first: once they are equal, every rank reaches the same verdict below.
    check_replicas_equal(world_, s, checkpoint_.progress.global_step);
    for (const auto* values : {&s.params, &s.adam_m, &s.adam_v}) {
      if (!std::ranges::all_of(*values, [](float v) { return std::isfinite(v); })) {
        diverged(values == &s.params ? "non-finite parameters" : "non-finite Adam moments");
      }
    }
    if (world_.is_root()) {
      append_loss_windows();
      save_checkpoint(job_.run_dir, backend_.layout(), checkpoint_);
    }
    saved_step_ = checkpoint_.progress.global_step;
    last_checkpoint_ = Clock::now();
  }

  bool checkpoint_due() const {
    const TrainConfig& t = job_.config.train;
    if (t.checkpoint_every > 0 && checkpoint_.progress.global_step % t.checkpoint_every == 0) {
      return true;
    }
    const double minutes =
        std::chrono::duration<double>(Clock::now() - last_checkpoint_).count() / 60;
    return t.checkpoint_minutes > 0 && minutes >= t.checkpoint_minutes;
  }

  // What every rank does after a step, as any rank's signal and rank 0's clock say: one small
  // all-reduce per step, so that no rank checkpoints, reports or stops alone.
  struct Decisions {
    bool stop = false, checkpoint = false, report = false;
  };
  Decisions decide(const Progress& progress) {
    std::array<uint64_t, 3> v{static_cast<uint64_t>(interrupt_.pending()),
                              world_.is_root() && checkpoint_due(),
                              world_.is_root() && progress.due()};
    world_.max(v);
    signal_ = static_cast<int>(v[0]);
    return {signal_ != 0, v[1] != 0, v[2] != 0};
  }
  void agree_on_signal() {
    uint64_t v = static_cast<uint64_t>(interrupt_.pending());
    world_.max(std::span(&v, 1));
    signal_ = static_cast<int>(v);
  }

  // After a signal (on any rank), once the checkpoint holds the current state.
  void stop_if_interrupted() const {
    const int signal = signal_;
    if (signal == 0) return;
    const TrainProgress& p = checkpoint_.progress;
    const bool done = p.epochs_done >= job_.config.train.epochs;
    const std::string where = p.batches_done == 0
                                  ? "at the end of epoch " + std::to_string(p.epochs_done)
                                  : "in epoch " + std::to_string(p.epochs_done + 1) +
                                        " after batch " + std::to_string(p.batches_done);
    throw TrainingInterrupted(
        signal, "train: stopped by " + signal_name(signal) + " " + where + " (step " +
                    std::to_string(p.global_step) + "); checkpoint written to " +
                    job_.run_dir.string() + "." +
                    (done ? " The run is complete." : " Resume with: " + job_.resume_command));
  }

  void train_epoch() {
    const TrainConfig& t = job_.config.train;
    TrainProgress& p = checkpoint_.progress;
    const uint64_t epoch = p.epochs_done;
    backend_.set_learning_rate(t.lr * std::pow(t.lr_decay, static_cast<double>(epoch)));
    backend_.begin_epoch(train_, t.seed, epoch);
    const size_t steps = steps_per_epoch();
    Progress progress(epoch + 1, t.epochs, steps, t.log_every_seconds);
    const auto start = Clock::now();
    const Traffic traffic_at_start = world_.traffic();
    const size_t first_sample = p.batches_done * t.batch_size;
    const size_t window_steps = (steps + kLossPointsPerEpoch - 1) / kLossPointsPerEpoch;
    window_start_ = {p.epoch_loss_sum, p.epoch_samples};
    while (p.batches_done < steps) {
      // The global batch as in one process; this rank takes its contiguous part of it.
      const size_t begin = p.batches_done * t.batch_size;
      const size_t n = std::min(t.batch_size, train_.size() - begin);
      const Share mine = share_of(n, world_.rank(), world_.size());
      backend_.train_step({begin + mine.first, mine.count, p.global_step, mine.first, n});
      rank_samples_ += mine.count;
      ++p.batches_done, ++p.global_step;
      p.epoch_samples += n;
      if (p.batches_done % window_steps == 0 || p.batches_done == steps) close_loss_window();
      const Decisions next = decide(progress);
      if (next.stop) {
        save();
        if (world_.is_root()) progress.finish();
        stop_if_interrupted();
      }
      if (next.checkpoint) save();
      if (next.report) {
        collect_loss();
        if (world_.is_root()) {
          progress.report(p.batches_done, begin + n - first_sample,
                          p.epoch_loss_sum / static_cast<double>(p.epoch_samples));
        }
      }
    }
    collect_loss();
    epoch_traffic_ = world_.traffic().since(traffic_at_start);
    if (world_.is_root()) progress.finish();
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    finish_epoch(seconds, train_.size() - first_sample);
  }

  size_t steps_per_epoch() const {
    return (train_.size() + job_.config.train.batch_size - 1) / job_.config.train.batch_size;
  }

  // Ends the current loss window (a collective: every rank at the same steps), also at every
  // checkpoint, so that a resumed run's windows still add up to its epochs' losses. Rank 0 keeps
  // the line for the next checkpoint: the file never runs ahead of a checkpoint.
  void close_loss_window() {
    collect_loss();
    const TrainProgress& p = checkpoint_.progress;
    if (p.epoch_samples <= window_start_.samples) return;
    const uint64_t samples = p.epoch_samples - window_start_.samples;
    const double epoch =
        static_cast<double>(p.epochs_done) +
        static_cast<double>(p.batches_done) / static_cast<double>(steps_per_epoch());
    const double loss = (p.epoch_loss_sum - window_start_.loss_sum) / static_cast<double>(samples);
    window_start_ = {p.epoch_loss_sum, p.epoch_samples};
    if (!world_.is_root()) return;
    loss_windows_.push_back(nlohmann::json{
        {"step", p.global_step},
        {"epoch", epoch},
        {"train_loss", loss},
        {"samples", samples}}.dump());
  }

  void append_loss_windows() {
    if (loss_windows_.empty()) return;
    auto lines = read_lines(job_.run_dir / kTrainLossFile);
    lines.insert(lines.end(), loss_windows_.begin(), loss_windows_.end());
    write_lines(job_.run_dir / kTrainLossFile, lines);
    loss_windows_.clear();
  }

  void finish_epoch(double seconds, size_t samples) {
    TrainProgress& p = checkpoint_.progress;
    nlohmann::json line = {
        {"epoch", p.epochs_done + 1},
        {"global_step", p.global_step},
        {"train_loss", p.epoch_loss_sum / static_cast<double>(p.epoch_samples)},
        {"seconds", seconds},
        {"samples_per_s", seconds > 0 ? static_cast<double>(samples) / seconds : 0.0}};
    if (world_.size() > 1) {
      // What each rank trained on this epoch (since a resume, if it resumed mid-epoch).
      std::vector<size_t> counts;
      line["ranks"] = world_.size();
      line["rank_samples"] = world_.gather_all<uint64_t>(std::span(&rank_samples_, 1), counts);
      // Rank 0's collectives during the epoch's training steps: the bytes it contributed and
      // the time it spent in them, waiting for the others included.
      line["collectives"] = {{"calls", epoch_traffic_.calls},
                             {"bytes", epoch_traffic_.bytes},
                             {"seconds", epoch_traffic_.seconds}};
    }
    rank_samples_ = 0;
    // The implicit models' scores are no ratings: squared errors against them mean nothing
    // (docs/metrics.md), so their epochs log the training loss only.
    const size_t eval_batch = job_.config.train.eval_batch_size;
    const bool ratings = predicts_ratings(job_.config.model);
    if (ratings && !val_.empty()) {
      line["val"] = evaluate_ratings(backend_, data_, val_, eval_batch, world_).to_json();
    }
    if (ratings && !test_.empty()) {
      line["test"] = evaluate_ratings(backend_, data_, test_, eval_batch, world_).to_json();
    }
    if (world_.is_root()) {
      auto lines = read_lines(job_.run_dir / "metrics.jsonl");
      lines.push_back(line.dump());
      write_lines(job_.run_dir / "metrics.jsonl", lines);
      std::fprintf(stdout, "%s\n", line.dump().c_str());
      std::fflush(stdout);
    }

    p.epochs_done += 1;
    p.batches_done = 0;
    p.epoch_loss_sum = 0.0;
    p.epoch_samples = 0;
    window_start_ = {};
    save();
  }

  // A run that exits 0 but learned nothing (say, train.lr far too high) should not pass
  // unnoticed: compare with its first epoch and with predicting the training mean.
  void warn_if_not_learning() const {
    // Pop predicts the training mean by definition; BPR predicts no ratings.
    if (job_.config.model.kind == "pop" || !predicts_ratings(job_.config.model)) return;
    const auto lines = read_lines(job_.run_dir / "metrics.jsonl");
    if (lines.empty()) return;
    const auto first = nlohmann::json::parse(lines.front());
    const auto last = nlohmann::json::parse(lines.back());
    const double first_loss = first.at("train_loss"), last_loss = last.at("train_loss");
    if (lines.size() > 1 && last_loss > first_loss) {
      std::fprintf(stderr,
                   "train: warning: the training loss rose from %.4g (epoch 1) to %.4g (epoch "
                   "%zu); lower train.lr?\n",
                   first_loss, last_loss, lines.size());
    }
    const char* split = last.contains("val") ? "val" : last.contains("test") ? "test" : nullptr;
    if (split == nullptr) return;
    const double mse = last.at(split).at("mse");
    const double floor =
        constant_mse(data_, split[0] == 'v' ? val_ : test_, mean_rating(data_, train_));
    if (mse > floor) {
      std::fprintf(stderr,
                   "train: warning: the %s MSE %.4g is no better than predicting the training "
                   "mean for every rating (%.4g): the model has not learned yet (train longer, "
                   "or lower train.lr if the training loss rose)\n",
                   split, mse, floor);
    }
  }

  const TrainJob& job_;
  Communicator& world_;
  const Dataset& data_;
  Backend& backend_;
  std::vector<uint32_t> train_, val_, test_;
  Checkpoint checkpoint_;
  std::optional<uint64_t> saved_step_;  // of the last checkpoint written or resumed from
  Clock::time_point last_checkpoint_;
  InterruptGuard interrupt_;
  int signal_ = 0;  // the signal the ranks agreed stops the run (0: none)
  struct LossWindowStart {
    double loss_sum = 0.0;
    uint64_t samples = 0;
  } window_start_;
  std::vector<std::string> loss_windows_;  // rank 0's lines not yet in kTrainLossFile
  uint64_t rank_samples_ = 0;              // this rank's share of the epoch's samples
  Traffic epoch_traffic_;  // this rank's collectives in the last epoch's training steps
};

// Rank 0's: refuses what is not a run's, locks the directory into `lock` (held until training
// ends), cleans stale temporaries.
void prepare_run_dir(const TrainJob& job, std::optional<RunDirLock>& lock) {
  std::vector<fs::path> inputs = job.inputs;
  inputs.push_back(job.data_dir);
  check_output(output_path(job.run_dir), OutputKind::kDirectory,
               {.force = true, .inputs = inputs, .marker = {}});
  // A run's directory is locked before anything is judged from its files, so a second writer
  // hears that one is running; a directory that is not a run's gets no lock file.
  if (fs::exists(job.run_dir / RunDirLock::kFileName)) lock.emplace(job.run_dir);
  if (!job.resume) check_fresh_run_dir(job.run_dir);
  fs::create_directories(job.run_dir);
  if (!lock) lock.emplace(job.run_dir);
  remove_stale_temporaries_in(job.run_dir);
}

// Every rank runs the same config on the same data with the same model as rank 0, or none runs.
void check_ranks_agree(const TrainJob& job, const Backend& backend) {
  Communicator& world = *job.world;
  if (world.size() == 1) return;
  const AgreedValue what[] = {
      {"config", to_toml(job.config)},
      {"dataset (fingerprint)", dataset_fingerprint(job.data_dir)},
      {"parameter count", std::to_string(backend.layout().parameter_count())},
  };
  const std::string differ = disagreements(world, what);
  if (!differ.empty()) {
    throw CollectiveError("the ranks of this job do not run the same training as rank 0:" + differ +
                          "\n(every rank needs the same --config, --set, --data and "
                          "cinerec version)");
  }
}

}  // namespace

void train(const TrainJob& job, Backend& backend) {
  check_ranks_agree(job, backend);
  std::optional<RunDirLock> lock;
  if (job.world->is_root()) prepare_run_dir(job, lock);
  // The other ranks wait until rank 0 has checked and locked the run directory (an error there
  // ends the job); on --resume they then read its checkpoint, which only rank 0 writes.
  job.world->barrier();
  Run run(job, backend);
  run.start();
  run.train_epochs();
}

}  // namespace cinerec
