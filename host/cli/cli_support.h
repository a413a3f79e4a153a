// What the commands share: the error kinds main() turns into exit statuses, whole-number
// options, the options that open a trained run, and output policies built from the arguments.
#pragma once

#include <CLI/CLI.hpp>

#include "host/comm/communicator.h"

#include <cstdint>
#include <filesystem>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "host/common/output_policy.h"
#include "host/runtime/trained_model.h"

namespace cinerec::cli {

// A command line that cannot work as written: exit status 2, like CLI11's own parse errors.
class UsageError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Accepts decimal digits only, in [lo, hi], so "-1" is not read as 2^64 - 1.
CLI::Validator whole_number(uint64_t lo, uint64_t hi = std::numeric_limits<uint64_t>::max());

// --run, --data and --device of the commands that open a trained run.
struct RunArgs {
  std::string run, data, device = "cpu";
};
void add_run_options(CLI::App& cmd, RunArgs& args);
TrainedModel open_run(const RunArgs& args);

// The policy for an output of a command that read `model` (its run and dataset) and `others`.
OutputPolicy output_policy(const TrainedModel& model, const RunArgs& args, bool force,
                           std::vector<std::filesystem::path> others = {});

// " on N ranks" in a job of several, else "": how a command's closing line names its world.
std::string on_ranks(const Communicator& world);

// `text` as one shell word: as it is when it is made of safe characters, else single-quoted.
std::string shell_quoted(const std::string& text);

// Refuses an empty value (an output path "" and the like) as a usage error.
CLI::Validator non_empty();

// A number in [0, 1) (a split fraction).
CLI::Validator fraction();

// Runs the application: help and version exit 0, usage errors 2 ("cinerec: error: ..."), other
// errors 1, an interrupted training 128 + the signal. In a job of several ranks, an error every
// rank met together after agreeing on it (CollectiveError, an agreed interrupt) is printed by
// rank 0 and ends each rank normally; any other error, usage errors included, is printed with
// the rank's number and ends the whole job (world.abort) with its status, since the other ranks
// would wait for this one.
int run_app(CLI::App& app, int argc, char** argv, Communicator& world);

}  // namespace cinerec::cli
