#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "host/cli/cli_support.h"
#include "host/cli/commands.h"
#include "host/data/dataset/dataset_io.h"
#include "host/data/dataset/dataset_summary.h"
#include "host/data/prepare/prepare.h"
#include "host/data/source/source_reader.h"

namespace cinerec::cli {
namespace {

struct PrepareArgs {
  std::string in, format, out, split = "random", dedup = "latest", fold = "u1";
  PrepareOptions options;
  std::optional<float> min_rating;
  size_t max_bad_rows = 0;
  bool force = false;
};

// Options that would be silently ignored are mistakes worth stopping for.
void check_combination(const CLI::App& cmd, const PrepareArgs& a) {
  const bool from_files = a.split == "files";
  if (from_files && a.format != "ml-100k") {
    throw UsageError("--split files reads ML-100K's own fold files (u1.base, ...); format \"" +
                     a.format + "\" has none: use --split random or temporal");
  }
  if (!from_files && cmd.count("--fold") > 0) {
    throw UsageError(
        "--fold chooses the ML-100K fold of --split files; it does nothing with --split " +
        a.split);
  }
  for (const char* option : {"--test", "--val"}) {
    if (from_files && cmd.count(option) > 0) {
      throw UsageError(std::string(option) +
                       " does nothing with --split files: the fold's files define the split");
    }
  }
  if (a.split == "leave-one-out" && cmd.count("--test") > 0) {
    throw UsageError(
        "--test does nothing with --split leave-one-out: each user's latest rating is the test "
        "set (--val above 0 also leaves the one before it for validation)");
  }
}

// RecBole's default per-user ratios, 8:1:1, unless --test or --val say otherwise.
void per_user_defaults(const CLI::App& cmd, PrepareArgs& a) {
  if (a.split != "per-user") return;
  if (cmd.count("--test") == 0) a.options.split.test_fraction = 0.1;
  if (cmd.count("--val") == 0) a.options.split.val_fraction = 0.1;
}

void run_prepare(const PrepareArgs& a) {
  PrepareOptions options = a.options;
  options.filter.min_rating = a.min_rating;
  options.split.kind = parse_split_kind(a.split);
  options.dedup = parse_dedup_policy(a.dedup);
  const bool from_files = options.split.kind == SplitKind::kFiles;
  const std::optional<std::string> fold = from_files ? std::optional(a.fold) : std::nullopt;

  // Refused now rather than after reading the whole source.
  OutputPolicy policy{.force = a.force, .inputs = {a.in}, .marker = dataset_marker()};
  check_output(output_path(a.out), OutputKind::kDirectory, policy);
  BadRowBudget bad(a.max_bad_rows);
  RawTables raw = read_source(a.format, a.in, bad, fold);
  nlohmann::json source = {
      {"path", a.in},
      {"bad_rows", {{"max", bad.max()}, {"skipped", bad.count()}, {"examples", bad.examples()}}}};
  if (fold) source["fold"] = *fold;
  const Dataset prepared = prepare_dataset(std::move(raw), options, std::move(source));
  write_dataset(prepared, a.out, policy);

  // Summarise what was written, read back through the verifying loader.
  std::printf("prepare: wrote %s\n%s", a.out.c_str(), format_summary(load_dataset(a.out)).c_str());
  if (bad.count() > 0) {
    std::printf("prepare: skipped %zu bad row(s) (limit %zu); first: %s\n", bad.count(), bad.max(),
                bad.examples().front().c_str());
  }
}

}  // namespace

void add_prepare_command(CLI::App& app) {
  auto a = std::make_shared<PrepareArgs>();
  CLI::App* cmd =
      app.add_subcommand("prepare", "Read a source data set into a binary dataset directory");
  cmd->add_option("--in", a->in, "Source directory")->required()->check(non_empty());
  cmd->add_option("--format", a->format, "Source format")
      ->required()
      ->check(CLI::IsMember(source_formats()));
  cmd->add_option("--out", a->out, "Output dataset directory")->required()->check(non_empty());
  cmd->add_option("--split", a->split,
                  "random | temporal | files | per-user (each user's ratings, default 8:1:1) | "
                  "leave-one-out (each user's latest rating)")
      ->check(CLI::IsMember({"random", "temporal", "files", "per-user", "leave-one-out"}))
      ->capture_default_str();
  cmd->add_option("--test", a->options.split.test_fraction,
                  "Test fraction: of all ratings (random, temporal), of each user's (per-user, "
                  "default 0.1)")
      ->check(fraction())
      ->capture_default_str();
  cmd->add_option("--val", a->options.split.val_fraction,
                  "Validation fraction: carved out of train (random, temporal, files), of each "
                  "user's ratings (per-user, default 0.1); leave-one-out: above 0, one per user")
      ->check(fraction())
      ->capture_default_str();
  cmd->add_option("--min-rating", a->min_rating, "Drop ratings below this value before the split");
  cmd->add_option("--min-user-ratings", a->options.filter.min_user_ratings,
                  "k-core: drop users with fewer ratings, repeatedly with --min-movie-ratings, "
                  "until every user and movie left has enough")
      ->check(whole_number(0))
      ->capture_default_str();
  cmd->add_option("--min-movie-ratings", a->options.filter.min_movie_ratings,
                  "k-core: drop movies with fewer ratings (see --min-user-ratings)")
      ->check(whole_number(0))
      ->capture_default_str();
  cmd->add_option("--seed", a->options.split.seed, "Split seed")
      ->check(whole_number(0))
      ->capture_default_str();
  cmd->add_option("--fold", a->fold, "ML-100K fold for --split files (u1-u5, ua, ub)")
      ->capture_default_str();
  cmd->add_option("--dedup", a->dedup, "Repeated (user, movie) ratings: latest | mean | keep")
      ->check(CLI::IsMember({"latest", "mean", "keep"}))
      ->capture_default_str();
  // A title is one CSV field of at most 1 MiB, so far fewer tokens than this.
  cmd->add_option("--title-len", a->options.title_len, "Tokens per title")
      ->check(whole_number(1, 65536))
      ->capture_default_str();
  cmd->add_option("--min-token-count", a->options.min_token_count,
                  "Minimum training count for a title token (rarer ones become <unk>)")
      ->check(whole_number(1))
      ->capture_default_str();
  cmd->add_option("--max-bad-rows", a->max_bad_rows,
                  "Skip up to N malformed rows instead of failing")
      ->check(whole_number(0))
      ->capture_default_str();
  cmd->add_flag("--force", a->force, "Replace an earlier dataset directory");
  cmd->callback([a, cmd] {
    check_combination(*cmd, *a);
    per_user_defaults(*cmd, *a);
    run_prepare(*a);
  });
}

}  // namespace cinerec::cli
