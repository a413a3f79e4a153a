// `cinerec plot`: the training curves of one or more runs on one figure (the paper's Figures
// 8-9), as CSV and PNG.
#include <memory>
#include <string>
#include <vector>

#include "host/cli/cli_support.h"
#include "host/cli/commands.h"
#include "host/cli/figure_output.h"
#include "host/report/training_curves.h"

namespace cinerec::cli {
namespace {

struct PlotArgs {
  std::vector<std::string> runs;
  std::string out;
  bool force = false;
};

void run_plot(const PlotArgs& a) {
  std::vector<std::filesystem::path> runs(a.runs.begin(), a.runs.end());
  const OutputPolicy policy{.force = a.force, .inputs = runs, .marker = figures_marker()};
  check_output(output_path(a.out), OutputKind::kDirectory, policy);
  write_figure_dir(a.out, training_curves(label_runs(runs)), policy);
}

}  // namespace

void add_plot_command(CLI::App& app) {
  auto a = std::make_shared<PlotArgs>();
  CLI::App* cmd = app.add_subcommand(
      "plot", "Training and validation/test loss curves of runs (repeat --run to compare)");
  cmd->add_option("--run", a->runs, "Run directory (repeatable)")->required()->check(non_empty());
  cmd->add_option("--out", a->out, "Directory of the curves' CSV and PNG files")
      ->required()
      ->check(non_empty());
  cmd->add_flag("--force", a->force, "Replace an earlier figures directory");
  cmd->callback([a] { run_plot(*a); });
}

}  // namespace cinerec::cli
