#include "host/train/trainer.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "host/common/staged_dir.h"
#include "host/data/dataset_io.h"
#include "host/eval/rating_metrics.h"
#include "host/model/init.h"
#include "host/train/checkpoint.h"
#include "host/train/progress.h"

namespace cinerec {
namespace fs = std::filesystem;
namespace {

double mean_rating(const Dataset& d, std::span<const uint32_t> indices) {
  double sum = 0.0;
  for (uint32_t i : indices)
    sum += d.rating_value()[i];
  return indices.empty() ? 0.0 : sum / static_cast<double>(indices.size());
}

std::vector<std::string> read_lines(const fs::path& path) {
  std::vector<std::string> lines;
  std::ifstream in(path);
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

// The run's mutable state and the steps of one run.
class Run {
 public:
  Run(const TrainJob& job, Backend& backend)
      : job_(job),
        data_(*job.data),
        backend_(backend),
        train_(data_.split_indices(Split::kTrain)),
        val_(data_.split_indices(Split::kVal)),
        test_(data_.split_indices(Split::kTest)) {
    backend_.bind_data(data_);
    checkpoint_.info = {to_toml(job.config), fs::absolute(job.data_dir).string(),
                        dataset_fingerprint(job.data_dir), job.config.train.seed};
  }

  void start() { job_.resume ? resume() : fresh(); }

  void train_epochs() {
    const TrainConfig& t = job_.config.train;
    if (train_.empty()) throw std::runtime_error("the dataset has no training ratings");
    while (checkpoint_.progress.epochs_done < t.epochs)
      train_epoch();
  }

 private:
  void fresh() {
    if (fs::exists(job_.run_dir / "model.safetensors")) {
      throw std::runtime_error("run directory " + job_.run_dir.string() +
                               " already holds a checkpoint: pass --resume to continue it");
    }
    fs::create_directories(job_.run_dir);
    ModelState state;
    state.params =
        init_parameters(backend_.layout(), job_.config.train.seed, mean_rating(data_, train_));
    state.adam_m.assign(state.params.size(), 0.0f);
    state.adam_v.assign(state.params.size(), 0.0f);
    backend_.set_state(state);
    write_lines(job_.run_dir / "metrics.jsonl", {});
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
      throw std::runtime_error("cannot resume " + job_.run_dir.string() +
                               ": the config differs from the run's config.toml (only "
                               "train.epochs may change)");
    }
    backend_.set_state(saved.state);
    checkpoint_.progress = saved.progress;
    // Drop metrics of epochs the checkpoint does not include; they are recomputed.
    auto lines = read_lines(job_.run_dir / "metrics.jsonl");
    lines.resize(std::min<size_t>(lines.size(), saved.progress.epochs_done));
    write_lines(job_.run_dir / "metrics.jsonl", lines);
    save_config();
  }

  void save_config() {
    const std::string text = to_toml(job_.config);
    write_file_atomic(job_.run_dir / "config.toml", text.data(), text.size());
  }

  // Moves the backend's accumulated loss into the epoch total; stops on a non-finite loss.
  void collect_loss() {
    const double sum = backend_.take_loss_sum();
    TrainProgress& p = checkpoint_.progress;
    if (!std::isfinite(sum)) diverged("non-finite loss");
    p.epoch_loss_sum += sum;
  }

  [[noreturn]] void diverged(const std::string& what) const {
    const TrainProgress& p = checkpoint_.progress;
    throw DivergedError("training diverged: " + what + " at epoch " +
                        std::to_string(p.epochs_done + 1) + ", step " +
                        std::to_string(p.global_step) + "; " + job_.run_dir.string() +
                        " keeps the last good checkpoint (lower train.lr?)");
  }

  void save() {
    collect_loss();
    checkpoint_.state = backend_.state();
    for (float v : checkpoint_.state.params) {
      if (!std::isfinite(v)) diverged("non-finite parameters");
    }
    save_checkpoint(job_.run_dir, backend_.layout(), checkpoint_);
  }

  void train_epoch() {
    const TrainConfig& t = job_.config.train;
    TrainProgress& p = checkpoint_.progress;
    const uint64_t epoch = p.epochs_done;
    backend_.set_learning_rate(t.lr * std::pow(t.lr_decay, static_cast<double>(epoch)));
    backend_.begin_epoch(train_, t.seed, epoch);
    const size_t steps = (train_.size() + t.batch_size - 1) / t.batch_size;
    Progress progress(epoch + 1, t.epochs, steps, t.log_every_seconds);
    const auto start = std::chrono::steady_clock::now();
    const size_t first_sample = p.batches_done * t.batch_size;
    while (p.batches_done < steps) {
      const size_t begin = p.batches_done * t.batch_size;
      const size_t n = std::min(t.batch_size, train_.size() - begin);
      backend_.train_step(begin, n, p.global_step);
      ++p.batches_done, ++p.global_step;
      p.epoch_samples += n;
      if (t.checkpoint_every > 0 && p.global_step % t.checkpoint_every == 0) save();
      if (progress.due()) {
        collect_loss();
        progress.report(p.batches_done, begin + n - first_sample,
                        p.epoch_loss_sum / static_cast<double>(p.epoch_samples));
      }
    }
    collect_loss();
    progress.finish();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    finish_epoch(seconds, train_.size() - first_sample);
  }

  void finish_epoch(double seconds, size_t samples) {
    TrainProgress& p = checkpoint_.progress;
    nlohmann::json line = {
        {"epoch", p.epochs_done + 1},
        {"global_step", p.global_step},
        {"train_loss", p.epoch_loss_sum / static_cast<double>(p.epoch_samples)},
        {"seconds", seconds},
        {"samples_per_s", seconds > 0 ? static_cast<double>(samples) / seconds : 0.0}};
    const size_t eval_batch = job_.config.train.eval_batch_size;
    if (!val_.empty()) line["val"] = evaluate_ratings(backend_, data_, val_, eval_batch).to_json();
    if (!test_.empty())
      line["test"] = evaluate_ratings(backend_, data_, test_, eval_batch).to_json();
    auto lines = read_lines(job_.run_dir / "metrics.jsonl");
    lines.push_back(line.dump());
    write_lines(job_.run_dir / "metrics.jsonl", lines);
    std::fprintf(stdout, "%s\n", line.dump().c_str());
    std::fflush(stdout);

    p.epochs_done += 1;
    p.batches_done = 0;
    p.epoch_loss_sum = 0.0;
    p.epoch_samples = 0;
    save();
  }

  const TrainJob& job_;
  const Dataset& data_;
  Backend& backend_;
  std::vector<uint32_t> train_, val_, test_;
  Checkpoint checkpoint_;
};

}  // namespace

void train(const TrainJob& job, Backend& backend) {
  Run run(job, backend);
  run.start();
  run.train_epochs();
}

}  // namespace cinerec
