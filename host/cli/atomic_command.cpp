#include <cstdio>
#include <memory>
#include <string>

#include "host/cli/cli_support.h"
#include "host/cli/commands.h"
#include "host/data/dataset/dataset_io.h"
#include "host/data/dataset/recbole_atomic.h"

namespace cinerec::cli {

void add_atomic_command(CLI::App& app) {
  struct Args {
    std::string data, out, name = "cinerec";
    bool force = false;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "atomic", "Write a prepared dataset's split as RecBole atomic files (NAME.train.inter, ...)");
  cmd->add_option("--data", a->data, "Prepared dataset directory")->required()->check(non_empty());
  cmd->add_option("--out", a->out, "Output directory (RecBole's data_path/NAME)")
      ->required()
      ->check(non_empty());
  cmd->add_option("--name", a->name, "RecBole's dataset name: the files' stem")
      ->check(non_empty())
      ->capture_default_str();
  cmd->add_flag("--force", a->force, "Replace an earlier output directory");
  cmd->callback([a] {
    const Dataset data = load_dataset(a->data);
    write_recbole_atomic(data, a->out, a->name,
                         {.force = a->force, .inputs = {a->data}, .marker = {}});
    std::fprintf(stderr, "atomic: %zu ratings written to %s/%s.{train,valid,test}.inter\n",
                 data.num_ratings(), a->out.c_str(), a->name.c_str());
  });
}

}  // namespace cinerec::cli
