#include <cstdio>
#include <memory>
#include <string>

#include "host/cli/cli_support.h"
#include "host/cli/commands.h"
#include "host/data/dataset/dataset_io.h"
#include "host/data/dataset/dataset_summary.h"

namespace cinerec::cli {

void add_info_command(CLI::App& app) {
  struct Args {
    std::string data;
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("info", "Verify a prepared dataset and print its statistics");
  cmd->add_option("--data", args->data, "Dataset directory")->required()->check(non_empty());
  cmd->add_flag("--json", args->json, "Print the statistics as JSON");
  cmd->callback([args] {
    const Dataset dataset = load_dataset(args->data);
    if (args->json) {
      std::printf("%s\n", dataset_statistics(dataset).dump(2).c_str());
    } else {
      std::printf("%s", format_summary(dataset).c_str());
    }
  });
}

}  // namespace cinerec::cli
