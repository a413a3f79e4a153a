#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "host/cli/cli_support.h"
#include "host/cli/commands.h"
#include "host/comm/rank_agreement.h"
#include "host/data/dataset/dataset_io.h"
#include "host/model/spec_from_config.h"
#include "host/runtime/backend_factory.h"
#include "host/train/checkpoint.h"
#include "host/train/trainer.h"

namespace cinerec::cli {
namespace {

struct TrainArgs {
  std::string data, out, config, device = "cpu";
  std::vector<std::string> overrides;
  bool resume = false;
};

// A resumed run starts from its own config, so `--resume` alone continues it; a file or --set
// on top must leave it as it was (but for train.epochs).
Config run_config(const TrainArgs& a) {
  const auto file =
      a.config.empty() ? std::nullopt : std::optional<std::filesystem::path>(a.config);
  if (!a.resume) return load_config(file, a.overrides);
  const std::filesystem::path checkpoint = std::filesystem::path(a.out) / "model.safetensors";
  const Config saved = config_from_toml(read_run_info(a.out).info.config_toml, checkpoint.string());
  return load_config(saved, file, a.overrides);
}

// The command that continues the run, as a shell reads it.
std::string resume_command(const TrainArgs& a) {
  std::string command = "cinerec train --data " + shell_quoted(a.data) + " --out " +
                        shell_quoted(a.out) + " --resume";
  if (a.device != "cpu") command += " --device " + shell_quoted(a.device);
  return command;
}

void run_train(const TrainArgs& a, Communicator& world) {
  TrainJob job;
  job.world = &world;
  job.config = run_config(a);
  const Dataset data = load_dataset(a.data);
  job.data = &data;
  job.data_dir = a.data;
  job.run_dir = a.out;
  job.resume = a.resume;
  job.resume_command = resume_command(a);
  // The config file is never overwritten, but a resumed run's own config.toml may be given.
  const std::filesystem::path own = std::filesystem::path(a.out) / "config.toml";
  if (!a.config.empty() && !(a.resume && std::filesystem::equivalent(a.config, own))) {
    job.inputs.push_back(a.config);
  }
  const ModelSpec spec = make_model_spec(job.config.model, data);
  // Before make_backend, whose NCCL bootstrap on CUDA ranks is a collective that CPU ranks of an
  // MPMD launch would never join.
  const AgreedValue device[] = {{"--device (cpu or cuda)", device_kind(a.device)}};
  if (const std::string differ = disagreements(world, device); !differ.empty()) {
    throw CollectiveError("the ranks of this job do not train on the same kind of device:" +
                          differ);
  }
  const auto backend =
      make_backend(a.device, spec, job.config, batch_rows(job.config, data), world);
  const std::string ranks =
      world.size() > 1 ? " x " + std::to_string(world.size()) + " ranks" : std::string();
  if (world.is_root()) {
    std::fprintf(stderr, "train: %zu parameters on %s%s, %zu epochs at batch %zu, head %s\n",
                 backend->layout().parameter_count(), backend->device().c_str(), ranks.c_str(),
                 job.config.train.epochs, job.config.train.batch_size,
                 job.config.model.head.c_str());
  }
  train(job, *backend);
  if (world.is_root()) {
    std::fprintf(stderr, "train: done; checkpoint and metrics in %s\n", a.out.c_str());
  }
}

}  // namespace

void add_train_command(CLI::App& app, Communicator& world) {
  auto a = std::make_shared<TrainArgs>();
  CLI::App* cmd = app.add_subcommand("train", "Train the CNN recommender on a prepared dataset");
  cmd->add_option("--data", a->data, "Prepared dataset directory")->required()->check(non_empty());
  cmd->add_option("--out", a->out, "Run directory (checkpoints, metrics.jsonl, config.toml)")
      ->required()
      ->check(non_empty());
  cmd->add_option("--config", a->config, "TOML config (defaults: the published model)");
  cmd->add_option("--set", a->overrides, "Override a config key: section.key=value (repeatable)");
  cmd->add_option("--device", a->device, "cpu, cuda or cuda:N (CUDA builds)")
      ->capture_default_str();
  cmd->add_flag("--resume", a->resume,
                "Continue the run in --out from its last checkpoint, with its own config");
  cmd->callback([a, &world] { run_train(*a, world); });
}

}  // namespace cinerec::cli
