// The `cinerec` subcommands; each file registers one on the application.
#pragma once

#include <CLI/CLI.hpp>

#include "host/comm/communicator.h"

namespace cinerec::cli {

void add_synth_command(CLI::App& app);
void add_prepare_command(CLI::App& app);
void add_info_command(CLI::App& app);
void add_devices_command(CLI::App& app);
void add_train_command(CLI::App& app, Communicator& world);
void add_eval_command(CLI::App& app, Communicator& world);
void add_predict_command(CLI::App& app);
void add_export_command(CLI::App& app, Communicator& world);
void add_score_command(CLI::App& app, Communicator& world);
void add_recommend_command(CLI::App& app);
void add_compare_command(CLI::App& app);
void add_atomic_command(CLI::App& app);
void add_stats_command(CLI::App& app);
void add_plot_command(CLI::App& app);
void add_report_command(CLI::App& app);

}  // namespace cinerec::cli
