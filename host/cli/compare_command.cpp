// `cinerec compare`: trains each model of the paper's comparison on one prepared dataset (or
// reuses its finished run), evaluates all of them on the same test split with the same metric
// code, and writes the table as compare.md, compare.csv and compare.json (docs/baselines.md).
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "host/cli/cli_support.h"
#include "host/cli/commands.h"
#include "host/cli/compare_table.h"
#include "host/cli/run_evaluation.h"
#include "host/common/atomic_file.h"
#include "host/data/dataset/dataset_io.h"
#include "host/model/spec_from_config.h"
#include "host/report/compare_figures.h"
#include "host/report/plotter.h"
#include "host/runtime/backend_factory.h"
#include "host/train/checkpoint.h"
#include "host/train/trainer.h"

namespace cinerec::cli {
namespace {

namespace fs = std::filesystem;

struct CompareArgs {
  std::string data, out, config_dir, models = "pop,mf,bpr,cnn";
};

std::vector<std::string> model_names(const std::string& list) {
  std::vector<std::string> names;
  std::stringstream in(list);
  for (std::string name; std::getline(in, name, ',');) {
    if (std::ranges::find(reference_models(), name) == reference_models().end()) {
      std::string known;
      for (const std::string& k : reference_models())
        known += (known.empty() ? "" : ", ") + k;
      throw UsageError("--models: unknown or not yet built model \"" + name +
                       "\" (built: " + known + ")");
    }
    names.push_back(name);
  }
  if (names.empty()) throw UsageError("--models: no model named");
  return names;
}

// NAME.toml from --config-dir when it is there, else the model's reference config (what
// configs/ holds); its model.kind must be the model's.
Config config_of(const std::string& name, const std::string& config_dir) {
  const Config reference = reference_config(name);
  const fs::path file = fs::path(config_dir) / (name + ".toml");
  if (config_dir.empty() || !fs::exists(file)) return reference;
  Config c = load_config(file, {});
  if (c.model.kind != reference.model.kind) {
    throw std::invalid_argument(file.string() + " has model.kind = \"" + c.model.kind +
                                "\", not \"" + reference.model.kind + "\"");
  }
  return c;
}

// Trains `name` into out/name, resuming an unfinished run of the same config (as `train
// --resume`, train.epochs may have grown); a finished run of the same config is reused, one of
// another config refused.
void train_or_reuse(const std::string& name, const Config& config, const CompareArgs& a,
                    const Dataset& data) {
  const fs::path run = fs::path(a.out) / name;
  bool resume = false;
  if (fs::exists(run / "model.safetensors")) {
    const Checkpoint saved = read_run_info(run);
    Config same = config_from_toml(saved.info.config_toml, (run / "model.safetensors").string());
    same.train.epochs = config.train.epochs;
    if (same != config) {
      throw std::runtime_error(run.string() +
                               " holds a run of another config: remove it, or choose another "
                               "--out");
    }
    if (saved.progress.epochs_done >= config.train.epochs) {
      std::fprintf(stderr, "compare: %s: reusing the finished run in %s\n", name.c_str(),
                   run.c_str());
      return;
    }
    resume = true;
  }
  std::fprintf(stderr, "compare: %s: training (%zu epochs) into %s\n", name.c_str(),
               config.train.epochs, run.c_str());
  TrainJob job;
  job.config = config;
  job.data = &data;
  job.data_dir = a.data;
  job.run_dir = run;
  job.resume = resume;
  job.resume_command = "cinerec compare --data " + shell_quoted(a.data) + " --out " +
                       shell_quoted(a.out) + " --models " + shell_quoted(a.models);
  const auto backend =
      make_backend("cpu", make_model_spec(config.model, data), config, batch_rows(config, data));
  train(job, *backend);
}

double training_seconds(const fs::path& run) {
  std::ifstream in(run / "metrics.jsonl");
  double seconds = 0.0;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) seconds += nlohmann::json::parse(line).value("seconds", 0.0);
  return seconds;
}

nlohmann::json model_row(const std::string& name, const CompareArgs& a) {
  const fs::path run = fs::path(a.out) / name;
  TrainedModel model = open_trained_model(run, "cpu", a.data);
  std::fprintf(stderr, "compare: %s: evaluating\n", name.c_str());
  nlohmann::json row = evaluate_run(model, "test", "all", "cpu");
  row["model"] = name;
  row["kind"] = model.config.model.kind;
  row["scores_are_ratings"] = scores_are_ratings(model.config.model);
  row["predicts_ratings"] = predicts_ratings(model.config.model);
  row["parameters"] = model.backend->layout().parameter_count();
  row["train_seconds"] = training_seconds(run);
  return row;
}

std::string markdown(const CsvTable& table, size_t k, const std::string& data) {
  std::string md = "# Comparison on " + data +
                   " (test split)\n\nEvery model trained on the same training split and "
                   "evaluated by the same code (docs/metrics.md; K = " +
                   std::to_string(k) + ").\n\n|";
  for (const auto& name : table.header)
    md += " " + name + " |";
  md += "\n|";
  for (size_t i = 0; i < table.header.size(); ++i)
    md += "---|";
  md += "\n";
  for (const auto& row : table.rows) {
    md += "|";
    for (const auto& cell : row)
      md += " " + cell + " |";
    md += "\n";
  }
  md += "\n" + compare_notes() + "\n";
  return md;
}

void write_text(const fs::path& path, const std::string& text) {
  write_file_atomic(path, text.data(), text.size());
}

// The figures go beside the table; the table is the command's result, so a machine that cannot
// draw only gets a warning.
void draw_figures(const fs::path& out, const nlohmann::json& compare) {
  try {
    for (const fs::path& png : write_figures(out, compare_figures(compare)))
      std::fprintf(stderr, "compare: wrote %s\n", png.string().c_str());
  } catch (const PlotUnavailable& e) {
    std::fprintf(stderr, "compare: warning: no figures: %s\n", e.what());
  }
}

void run_compare(const CompareArgs& a) {
  const std::vector<std::string> names = model_names(a.models);
  const Dataset data = load_dataset(a.data);
  fs::create_directories(a.out);
  std::vector<nlohmann::json> rows;
  size_t k = 0;
  for (const std::string& name : names) {
    const Config config = config_of(name, a.config_dir);
    train_or_reuse(name, config, a, data);
    rows.push_back(model_row(name, a));
    if (k == 0) {
      const auto& topk = config.eval.topk;
      k = std::ranges::find(topk, size_t{10}) != topk.end() ? 10 : topk.front();
    }
  }
  const nlohmann::json compare = {
      {"dataset", fs::absolute(a.data).string()}, {"k", k}, {"models", rows}};
  write_text(fs::path(a.out) / "compare.json", compare.dump(2) + "\n");
  const CsvTable table = compare_table(compare);
  write_text(fs::path(a.out) / "compare.csv", table.to_csv());
  const std::string md = markdown(table, k, a.data);
  write_text(fs::path(a.out) / "compare.md", md);
  std::printf("%s", md.c_str());
  draw_figures(a.out, compare);
}

}  // namespace

void add_compare_command(CLI::App& app) {
  auto a = std::make_shared<CompareArgs>();
  CLI::App* cmd = app.add_subcommand(
      "compare", "Train the paper's comparison on one dataset and tabulate their test metrics");
  cmd->add_option("--data", a->data, "Prepared dataset directory")->required()->check(non_empty());
  cmd->add_option("--out", a->out,
                  "Directory of the runs (one per model) and compare.{md,csv,json}")
      ->required()
      ->check(non_empty());
  std::string models;
  for (const std::string& m : reference_models())
    models += (models.empty() ? "" : ", ") + m;
  cmd->add_option("--models", a->models, "Comma-separated, of: " + models)->capture_default_str();
  cmd->add_option("--config-dir", a->config_dir,
                  "NAME.toml per model (else the model's built-in config, as configs/ holds)");
  cmd->callback([a] { run_compare(*a); });
}

}  // namespace cinerec::cli
