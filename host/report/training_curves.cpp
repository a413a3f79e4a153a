#include "host/report/training_curves.h"

#include <algorithm>
#include <stdexcept>

#include "host/report/json_lines.h"

namespace cinerec {
namespace fs = std::filesystem;
namespace {

std::vector<nlohmann::json> epochs_of(const fs::path& run) {
  const fs::path file = run / "metrics.jsonl";
  if (!fs::is_regular_file(file)) {
    throw std::runtime_error(run.string() + " has no metrics.jsonl: not a cinerec training run");
  }
  return read_json_lines(file);
}

void add_point(CsvTable& t, const std::string& series, double x, double y) {
  t.add_row({series, csv_number(x), csv_number(y)});
}

}  // namespace

std::vector<RunCurve> label_runs(const std::vector<fs::path>& runs) {
  std::vector<RunCurve> labelled;
  for (const fs::path& r : runs) {
    const fs::path run = fs::absolute(r).lexically_normal();
    // "runs/a/" normalises to "runs/a/": its name is the last non-empty part.
    const fs::path dir = run.filename().empty() ? run.parent_path() : run;
    labelled.push_back({dir.filename().string(), r});
  }
  for (RunCurve& c : labelled) {
    const auto same =
        std::ranges::count_if(labelled, [&](const RunCurve& o) { return o.label == c.label; });
    if (same > 1) c.label = c.run.string();
  }
  return labelled;
}

std::vector<Figure> training_curves(const std::vector<RunCurve>& runs) {
  Figure loss{{"training_loss", "lines", "Training loss (paper's Figure 8)", "epoch",
               "loss per sample (MSE for ratings: points²; log scale)"},
              {}};
  loss.table.comments = {
      "window: the mean loss of about 1/50 epoch (train_loss.jsonl); "
      "epoch: the epoch's mean (metrics.jsonl)"};
  loss.table.header = {"series", "epoch", "train_loss"};
  loss.spec.logy = true;  // the first windows' loss is many times the last ones
  Figure eval{{"eval_mse", "lines", "Validation and test MSE per epoch (paper's Figure 9)", "epoch",
               "MSE (points²)"},
              {}};
  eval.spec.markers = true;
  eval.table.header = {"series", "epoch", "mse"};
  for (const RunCurve& r : runs) {
    const auto epochs = epochs_of(r.run);
    const auto windows = read_json_lines(r.run / "train_loss.jsonl");
    if (epochs.empty() && windows.empty()) {
      throw std::runtime_error(r.run.string() +
                               " holds no training loss yet (no finished epoch, "
                               "no checkpoint): nothing to plot");
    }
    for (const auto& w : windows)
      add_point(loss.table, r.label + " (every 1/50 epoch)", w.at("epoch"), w.at("train_loss"));
    for (const auto& e : epochs)
      add_point(loss.table, r.label + " (epoch mean)", e.at("epoch"), e.at("train_loss"));
    for (const char* split : {"val", "test"}) {
      for (const auto& e : epochs) {
        if (e.contains(split)) {
          add_point(eval.table, r.label + " " + split, e.at("epoch"), e.at(split).at("mse"));
        }
      }
    }
  }
  std::vector<Figure> figures{loss};
  if (!eval.table.rows.empty()) figures.push_back(eval);
  return figures;
}

}  // namespace cinerec
