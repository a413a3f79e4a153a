// The four source formats through read_source, and what `prepare` makes of what they accept.
// Input: a bundle (bundle.h) of the format's files. Preamble byte 0 is the bad-row budget, the
// byte modulo 8 with 7 meaning no limit (so '0'-'6' read as themselves). Byte 1 picks how
// `prepare` runs: split random or temporal (byte % 2), dedup latest, mean or keep
// ((byte / 2) % 3); for source_ml100k_fold it picks the fold instead ('1'-'5': u1-u5, '6': ua,
// '7': ub) and the split is the fold's files.
#include <array>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "host/data/dataset/dataset_io.h"
#include "host/data/prepare/prepare.h"
#include "host/data/source/source_reader.h"
#include "tests/fuzz/bundle.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/fuzz_targets.h"
#include "tests/fuzz/temp_dir.h"

namespace cinerec::fuzz {
namespace {

size_t bad_row_budget(unsigned char b) {
  const size_t n = b % 8;
  return n == 7 ? std::numeric_limits<size_t>::max() : n;
}

PrepareOptions prepare_options(unsigned char b) {
  static constexpr std::array<DedupPolicy, 3> kDedup{DedupPolicy::kLatest, DedupPolicy::kMean,
                                                     DedupPolicy::kKeep};
  PrepareOptions options;
  options.split.kind = b % 2 == 0 ? SplitKind::kRandom : SplitKind::kTemporal;
  options.split.val_fraction = 0.1;
  options.dedup = kDedup[(b / 2) % 3];
  return options;
}

std::string fold_name(unsigned char b) {
  static constexpr std::array<const char*, 7> kFolds{"u1", "u2", "u3", "u4", "u5", "ua", "ub"};
  return kFolds[(b - '1' + 7 * 64) % 7];
}

// What the readers accepted must prepare, and what prepare makes must load back: `cinerec
// prepare` writes nothing else. The one refusal prepare may give is a split that leaves no
// training rating (a fold whose base file holds none of the ratings, say); anything else thrown
// is a finding.
void prepare_and_reload(RawTables raw, const PrepareOptions& options,
                        const std::filesystem::path& dir) {
  const size_t users = raw.users.size(), movies = raw.movies.size();
  std::optional<Dataset> made;
  try {
    made.emplace(prepare_dataset(std::move(raw), options, {{"path", dir.string()}}));
  } catch (const std::runtime_error& e) {
    check(std::string_view(e.what()).starts_with("nothing to train on: "),
          "prepare refuses only an untrainable split");
    return;
  }
  const Dataset& prepared = *made;
  check(prepared.num_users() == users && prepared.num_movies() == movies,
        "prepare keeps every user and movie");
  write_dataset(prepared, dir / "prepared", {});
  const Dataset loaded = load_dataset(dir / "prepared");
  check(loaded.num_users() == users && loaded.num_movies() == movies &&
            loaded.num_ratings() == prepared.num_ratings(),
        "a prepared dataset loads back whole");
}

void read_and_prepare(std::string_view format, std::string_view input, bool with_fold) {
  const Bundle bundle = split_bundle(input);
  const std::filesystem::path& dir = fresh_input_dir();
  write_bundle(bundle, dir);
  BadRowBudget bad(bad_row_budget(option_byte(bundle.preamble, 0)));
  const unsigned char variant = option_byte(bundle.preamble, 1, '1');
  const std::optional<std::string> fold =
      with_fold ? std::optional(fold_name(variant)) : std::nullopt;
  PrepareOptions options = prepare_options(variant);
  if (with_fold) options.split.kind = SplitKind::kFiles;

  std::optional<RawTables> raw;
  try {
    raw = read_source(format, dir, bad, fold);
  } catch (const InputError&) {  // the documented refusal: FILE:LINE:COLUMN and what is wrong
    return;
  }
  check(bad.count() <= bad.max(), "no more rows skipped than allowed");
  for (const RawRating& r : raw->ratings) {
    check(r.user < raw->users.size() && r.movie < raw->movies.size(),
          "ratings refer to known users and movies");
    check(r.value >= raw->min_rating && r.value <= raw->max_rating, "ratings are in range");
  }
  prepare_and_reload(std::move(*raw), options, dir);
}

}  // namespace

void source_douban(std::string_view input) {
  read_and_prepare("douban", input, false);
}
void source_moviedata(std::string_view input) {
  read_and_prepare("moviedata", input, false);
}
void source_ml1m(std::string_view input) {
  read_and_prepare("ml-1m", input, false);
}
void source_ml100k(std::string_view input) {
  read_and_prepare("ml-100k", input, false);
}
void source_ml100k_fold(std::string_view input) {
  read_and_prepare("ml-100k", input, true);
}

}  // namespace cinerec::fuzz
