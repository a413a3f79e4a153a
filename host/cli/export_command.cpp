#include <cstdio>
#include <memory>
#include <string>

#include "host/cli/commands.h"
#include "host/retrieval/model_export.h"

namespace cinerec::cli {

void add_export_command(CLI::App& app) {
  struct Args {
    std::string run, out, device = "cpu";
    bool force = false;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "export", "Write a run's user/movie features and embedding tables as .npy, ids as CSV");
  cmd->add_option("--run", a->run, "Run directory")->required();
  cmd->add_option("--out", a->out, "Output directory")->required();
  cmd->add_option("--device", a->device, "cpu")->capture_default_str();
  cmd->add_flag("--force", a->force, "Replace an existing output directory");
  cmd->callback([a] {
    TrainedModel model = open_trained_model(a->run, a->device);
    export_model(model, a->out, a->force);
    std::fprintf(stderr, "export: %zu users and %zu movies written to %s\n", model.data.num_users(),
                 model.data.num_movies(), a->out.c_str());
  });
}

}  // namespace cinerec::cli
