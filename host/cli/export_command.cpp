#include <cstdio>
#include <memory>
#include <string>

#include "host/cli/cli_support.h"
#include "host/cli/commands.h"
#include "host/retrieval/model_export.h"

namespace cinerec::cli {

// Across ranks, each makes its share of the feature rows; rank 0 writes the directory.
void add_export_command(CLI::App& app, Communicator& world) {
  struct Args {
    RunArgs run;
    std::string out;
    bool force = false;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "export", "Write a run's user/movie features and embedding tables as .npy, ids as CSV");
  add_run_options(*cmd, a->run);
  cmd->add_option("--out", a->out, "Output directory")->required()->check(non_empty());
  cmd->add_flag("--force", a->force, "Replace an earlier export directory");
  cmd->callback([a, &world] {
    TrainedModel model = open_run(a->run);
    check_ranks_hold_same_model(world, model, {{"--out", a->out}});
    export_model(model, a->out, output_policy(model, a->run, a->force), size_t{1} << 16, world);
    if (!world.is_root()) return;
    std::fprintf(stderr, "export: %zu users and %zu movies written to %s%s\n",
                 model.data.num_users(), model.data.num_movies(), a->out.c_str(),
                 on_ranks(world).c_str());
  });
}

}  // namespace cinerec::cli
