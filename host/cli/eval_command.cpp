#include <cstdio>
#include <memory>
#include <string>

#include "host/cli/cli_support.h"
#include "host/cli/commands.h"
#include "host/cli/run_evaluation.h"

namespace cinerec::cli {
namespace {

struct EvalArgs {
  RunArgs run;
  std::string split = "test", protocol = "all";
};

// Across ranks, each evaluates its share of the ratings and of the users; rank 0 prints.
void run_eval(const EvalArgs& a, Communicator& world) {
  TrainedModel model = open_run(a.run);
  check_ranks_hold_same_model(world, model, {{"--split", a.split}, {"--protocol", a.protocol}});
  const nlohmann::json out = evaluate_run(model, a.split, a.protocol, a.run.device, world);
  if (world.is_root()) std::printf("%s\n", out.dump().c_str());
}

}  // namespace

void add_eval_command(CLI::App& app, Communicator& world) {
  auto a = std::make_shared<EvalArgs>();
  CLI::App* cmd = app.add_subcommand(
      "eval", "Evaluate a trained run: MSE, RMSE, MAE and ranking metrics as JSON");
  add_run_options(*cmd, a->run);
  cmd->add_option("--split", a->split, "test | val | train")
      ->check(CLI::IsMember({"test", "val", "train"}))
      ->capture_default_str();
  cmd->add_option("--protocol", a->protocol,
                  "Ranking metrics: full | sampled | rated | both (full and sampled) | all | none "
                  "(docs/metrics.md)")
      ->check(CLI::IsMember({"full", "sampled", "rated", "both", "all", "none"}))
      ->capture_default_str();
  cmd->callback([a, &world] { run_eval(*a, world); });
}

}  // namespace cinerec::cli
