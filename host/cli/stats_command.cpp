// `cinerec stats`: the dataset's figures (the paper's Section 4 and the long tails, split and
// cold starts), each as CSV and PNG, from a prepared dataset or straight from a source.
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "host/cli/cli_support.h"
#include "host/cli/commands.h"
#include "host/cli/figure_output.h"
#include "host/data/dataset/dataset_io.h"
#include "host/data/prepare/prepare.h"
#include "host/data/source/source_reader.h"
#include "host/report/dataset_figures.h"

namespace cinerec::cli {
namespace {

struct StatsArgs {
  std::string data, format, out;
  size_t max_bad_rows = 0;
  bool force = false;
};

// A source directory is prepared in memory with `prepare`'s defaults (its random split).
Dataset open_data(const StatsArgs& a) {
  if (a.format.empty()) return load_dataset(a.data);
  BadRowBudget bad(a.max_bad_rows);
  RawTables raw = read_source(a.format, a.data, bad, std::nullopt);
  return prepare_dataset(std::move(raw), PrepareOptions{}, {{"path", a.data}});
}

void run_stats(const StatsArgs& a) {
  const OutputPolicy policy{.force = a.force, .inputs = {a.data}, .marker = figures_marker()};
  check_output(output_path(a.out), OutputKind::kDirectory, policy);
  const Dataset data = open_data(a);
  write_figure_dir(a.out, dataset_figures(data), policy);
}

}  // namespace

void add_stats_command(CLI::App& app) {
  auto a = std::make_shared<StatsArgs>();
  CLI::App* cmd = app.add_subcommand(
      "stats", "The dataset's figures (genres, years, ratings, long tails, split) as CSV and PNG");
  cmd->add_option("--data", a->data, "Prepared dataset directory (or a source one, with --format)")
      ->required()
      ->check(non_empty());
  cmd->add_option("--format", a->format, "Read --data as a source of this format")
      ->check(CLI::IsMember(source_formats()));
  cmd->add_option("--max-bad-rows", a->max_bad_rows, "With --format: bad rows to skip")
      ->check(whole_number(0))
      ->capture_default_str();
  cmd->add_option("--out", a->out, "Directory of NAME.csv, NAME.png and figures.json")
      ->required()
      ->check(non_empty());
  cmd->add_flag("--force", a->force, "Replace an earlier figures directory");
  cmd->callback([a] { run_stats(*a); });
}

}  // namespace cinerec::cli
