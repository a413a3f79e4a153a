#include <cstdint>
#include <cstdio>
#include <limits>
#include <memory>
#include <string>

#include "host/cli/cli_support.h"
#include "host/cli/commands.h"
#include "host/data/synth/douban_synth.h"

namespace cinerec::cli {

void add_synth_command(CLI::App& app) {
  struct Args {
    SynthOptions options;
    std::string out;
    bool force = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd =
      app.add_subcommand("synth", "Generate a Douban-shaped data set with planted structure");
  cmd->add_option("--out", args->out, "Output directory")->required()->check(non_empty());
  cmd->add_option("--users", args->options.users, "Number of users")
      ->check(whole_number(1, std::numeric_limits<uint32_t>::max()))
      ->capture_default_str();
  cmd->add_option("--movies", args->options.movies, "Number of movies")
      ->check(whole_number(1))
      ->capture_default_str();
  cmd->add_option("--ratings", args->options.ratings, "Number of ratings")
      ->check(whole_number(1))
      ->capture_default_str();
  cmd->add_option("--seed", args->options.seed, "Random seed")
      ->check(whole_number(0))
      ->capture_default_str();
  cmd->add_flag("--force", args->force, "Replace an earlier synth directory");
  cmd->callback([args] {
    const auto info = synthesize_douban(args->options, args->out,
                                        {.force = args->force, .inputs = {}, .marker = {}});
    std::printf("synth: wrote %s (%s users, %s movies, %s ratings; Bayes-floor MSE %.4f)\n",
                args->out.c_str(), info["counts"]["users"].dump().c_str(),
                info["counts"]["movies"].dump().c_str(), info["counts"]["ratings"].dump().c_str(),
                info["bayes_floor_mse"].get<double>());
  });
}

}  // namespace cinerec::cli
