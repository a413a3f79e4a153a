#include "host/cli/cli_support.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <string_view>

#include "host/config/config.h"
#include "host/train/interrupt.h"

namespace cinerec::cli {
namespace {

int usage_error(const CLI::App& app, const std::string& message) {
  std::string help = app.get_name();
  for (const CLI::App* sub : app.get_subcommands())
    help += " " + sub->get_name();
  std::fprintf(stderr, "cinerec: error: %s\n(see `%s --help`)\n", message.c_str(), help.c_str());
  return 2;
}

// CLI11 says "A subcommand is required" when none or a misspelt one is given: say which, and
// list the valid ones.
std::string missing_command(const CLI::App& app, int argc, char** argv) {
  const std::string first = argc >= 2 ? argv[1] : "";
  if (first == "-h" || first == "--help") return {};
  std::string names;
  for (const CLI::App* sub : app.get_subcommands({})) {
    if (sub->get_name() == first) return {};
    names += (names.empty() ? "" : ", ") + sub->get_name();
  }
  const std::string what = argc < 2          ? "a command is required"
                           : first[0] == '-' ? "unknown option \"" + first + "\" before a command"
                                             : "unknown command \"" + first + "\"";
  return what + " (commands: " + names + ")";
}

}  // namespace

CLI::Validator whole_number(uint64_t lo, uint64_t hi) {
  const std::string range = hi == std::numeric_limits<uint64_t>::max()
                                ? ">= " + std::to_string(lo)
                                : "in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
  return CLI::Validator(
      [lo, hi, range](std::string& text) -> std::string {
        uint64_t v = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        const bool digits =
            !text.empty() && std::ranges::all_of(text, [](char c) { return c >= '0' && c <= '9'; });
        if (!digits || ec != std::errc() || end != text.data() + text.size() || v < lo || v > hi) {
          return "expected a whole number " + range + ", got \"" + text.substr(0, 40) + "\"";
        }
        return {};
      },
      "N " + range);
}

std::string shell_quoted(const std::string& text) {
  const bool safe = !text.empty() && std::ranges::all_of(text, [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::strchr("/._-:+=,@%", c) != nullptr;
  });
  if (safe) return text;
  std::string quoted = "'";
  for (const char c : text)
    quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

CLI::Validator non_empty() {
  return CLI::Validator(
      [](std::string& text) {
        return text.empty() ? std::string("expected a non-empty value") : "";
      },
      "");
}

CLI::Validator fraction() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        double v = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec != std::errc() || end != text.data() + text.size() || !(v >= 0 && v < 1)) {
          return "expected a number in [0, 1), got \"" + text.substr(0, 40) + "\"";
        }
        return {};
      },
      "F in [0, 1)");
}

void add_run_options(CLI::App& cmd, RunArgs& args) {
  cmd.add_option("--run", args.run, "Run directory")->required()->check(non_empty());
  cmd.add_option("--data", args.data,
                 "The run's dataset, when it moved since training (its fingerprint is checked)")
      ->check(non_empty());
  cmd.add_option("--device", args.device, "cpu, cuda or cuda:N (CUDA builds)")
      ->capture_default_str();
}

TrainedModel open_run(const RunArgs& args) {
  return open_trained_model(args.run, args.device, args.data);
}

OutputPolicy output_policy(const TrainedModel& model, const RunArgs& args, bool force,
                           std::vector<std::filesystem::path> others) {
  others.push_back(args.run);
  others.push_back(model.data_dir);
  return {.force = force, .inputs = std::move(others), .marker = {}};
}

std::string on_ranks(const Communicator& world) {
  return world.size() > 1 ? " on " + std::to_string(world.size()) + " ranks" : "";
}

namespace {

// An error this rank may have met alone (a usage error too: the ranks of an MPMD launch have
// their own arguments). The others would wait for it in their next collective, or in
// MPI_Finalize, so it ends them all (world.abort does not return; the status is for the
// compiler, which does not take a virtual call's [[noreturn]]).
int end_job(Communicator& world, int status, const std::string& what) {
  std::fprintf(stderr, "cinerec: error on rank %d of %d: %s (ending every rank)\n", world.rank(),
               world.size(), what.c_str());
  std::fflush(stderr);
  world.abort(status);
  return status;
}

// A usage error: exit status 2, the whole job's if there are several ranks.
int usage_failure(CLI::App& app, Communicator& world, const std::string& what) {
  return world.size() > 1 ? end_job(world, 2, what) : usage_error(app, what);
}

}  // namespace

int run_app(CLI::App& app, int argc, char** argv, Communicator& world) {
  const bool root = world.is_root();
  if (world.size() > 1) {
    // Commands other than these would run whole on every rank, each writing the same outputs.
    constexpr std::string_view kAcrossRanks[] = {"train", "eval", "score", "export"};
    const std::string command = argc > 1 ? argv[1] : "";
    if (std::ranges::find(kAcrossRanks, command) == std::end(kAcrossRanks)) {
      return end_job(
          world, 2,
          "`cinerec " + command +
              "` runs in one process: start it without mpirun or srun (across ranks run: "
              "train, eval, score, export)");
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return root ? app.exit(e) : 0;  // --help
    const std::string missing = missing_command(app, argc, argv);
    return usage_failure(app, world, missing.empty() ? e.what() : missing);
  } catch (const UsageError& e) {
    return usage_failure(app, world, e.what());
  } catch (const OverrideError& e) {
    return usage_failure(app, world, e.what());
  } catch (const TrainingInterrupted& e) {
    if (root) std::fprintf(stderr, "%s\n", e.what());
    return e.exit_status();
  } catch (const CollectiveError& e) {
    if (root) std::fprintf(stderr, "cinerec: error: %s\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    if (world.size() > 1) return end_job(world, 1, e.what());
    std::fprintf(stderr, "cinerec: error: %s\n", e.what());
    return 1;
  }
  return 0;
}

}  // namespace cinerec::cli
