#include <cstdio>
#include <exception>

#include "host/cli/cli_support.h"
#include "host/cli/commands.h"
#include "host/runtime/world.h"

int main(int argc, char** argv) {
  std::unique_ptr<cinerec::Communicator> world;
  try {
    world = cinerec::open_world(&argc, &argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cinerec: error: %s\n", e.what());
    return 1;
  }
  CLI::App app{"cinerec: a C++/CUDA trainer for the CNN movie recommender", "cinerec"};
  app.require_subcommand(1);
  cinerec::cli::add_synth_command(app);
  cinerec::cli::add_prepare_command(app);
  cinerec::cli::add_info_command(app);
  cinerec::cli::add_train_command(app, *world);
  cinerec::cli::add_eval_command(app, *world);
  cinerec::cli::add_predict_command(app);
  cinerec::cli::add_export_command(app, *world);
  cinerec::cli::add_score_command(app, *world);
  cinerec::cli::add_recommend_command(app);
  cinerec::cli::add_compare_command(app);
  cinerec::cli::add_atomic_command(app);
  cinerec::cli::add_stats_command(app);
  cinerec::cli::add_plot_command(app);
  cinerec::cli::add_report_command(app);
  cinerec::cli::add_devices_command(app);
  return cinerec::cli::run_app(app, argc, argv, *world);
}
