// The training curves of one or more runs (the paper's Figures 8-9), from each run's
// metrics.jsonl (one line per epoch: training loss, val and test MSE) and train_loss.jsonl (the
// mean training loss of each window of about 1/50 epoch).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "host/report/figure.h"

namespace cinerec {

struct RunCurve {
  std::string label;  // the series' name in the legend
  std::filesystem::path run;
};

// The runs' labels: each run directory's name, the whole path where two names are the same.
std::vector<RunCurve> label_runs(const std::vector<std::filesystem::path>& runs);

// training_loss (per window and per epoch) and, when any run logged a val or test MSE,
// eval_mse. Throws for a run without metrics.jsonl, or with neither a finished epoch nor a loss
// window (a run stopped mid-epoch has the windows up to its checkpoint).
std::vector<Figure> training_curves(const std::vector<RunCurve>& runs);

}  // namespace cinerec
