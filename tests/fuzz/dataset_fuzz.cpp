// The dataset directory loader. Input: a bundle (bundle.h) of manifest.json and the NAME.bin
// array files; the seed is a real `cinerec prepare` output (make_seeds.sh). With preamble byte 0
// odd, every array's "sha256" in the manifest is first recomputed from its part, so mutated
// arrays get past the checksums to the validation behind them; even, the bytes are written as
// they are. Whatever loads is walked the way training and `cinerec info` walk it: the loader
// promises that later code can trust every index.
#include <optional>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "host/common/sha256.h"
#include "host/data/dataset/dataset_io.h"
#include "host/data/dataset/dataset_summary.h"
#include "tests/fuzz/bundle.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/fuzz_targets.h"
#include "tests/fuzz/temp_dir.h"

namespace cinerec::fuzz {
namespace {

// The manifest with each array's checksum made to match its part, or nullopt when the manifest
// is not a JSON object with an "arrays" object.
std::optional<std::string> with_true_checksums(const Bundle& bundle) {
  const BundlePart* manifest_part = nullptr;
  for (const BundlePart& part : bundle.parts) {
    if (part.name == "manifest.json") manifest_part = &part;
  }
  if (manifest_part == nullptr) return std::nullopt;
  nlohmann::json manifest = nlohmann::json::parse(manifest_part->content.begin(),
                                                  manifest_part->content.end(), nullptr, false);
  if (!manifest.is_object() || !manifest.contains("arrays") || !manifest["arrays"].is_object()) {
    return std::nullopt;
  }
  for (auto& [name, entry] : manifest["arrays"].items()) {
    if (!entry.is_object()) continue;
    for (const BundlePart& part : bundle.parts) {
      if (part.name == name + ".bin") entry["sha256"] = sha256_hex(part.content);
    }
  }
  return manifest.dump();
}

void check_strings(const StringColumn& column) {
  for (size_t i = 0; i < column.size(); ++i)
    check(column.find(column[i]) == i, "string tables map both ways");
}

// Sizes that wrapped around in a product (an array's shape, movies x title_len) would let
// movie_title() and the like span memory outside the arrays.
void check_sizes(const Dataset& d) {
  for (const auto& [name, info] : d.store().arrays()) {
    size_t bytes = dtype_size(info.dtype);
    bool wrapped = false;
    for (const size_t dim : info.shape)
      wrapped |= __builtin_mul_overflow(bytes, dim, &bytes);
    check(!wrapped && bytes == info.bytes.size(), "array shapes are exact");
  }
  size_t cells = 0;
  check(!__builtin_mul_overflow(d.num_movies(), d.title_len(), &cells) &&
            cells == d.title_tokens().size(),
        "title rows are exact");
}

void walk(const Dataset& d) {
  check_sizes(d);
  for (const StringColumn* column : {&d.user_ids(), &d.movie_ids(), &d.genres(), &d.tokens(),
                                     &d.genders(), &d.ages(), &d.jobs()}) {
    check_strings(*column);
  }
  for (uint32_t m = 0; m < d.num_movies(); ++m) {
    for (const uint32_t g : d.movie_genres(m))
      check(g < d.genres().size(), "genre indices are in range");
    for (const int32_t t : d.movie_title(m))
      check(t >= 0 && static_cast<size_t>(t) < d.tokens().size(), "token ids are in range");
  }
  size_t rated = 0;
  for (const Split s : {Split::kTrain, Split::kVal, Split::kTest}) {
    for (const uint32_t r : d.split_indices(s)) {
      check(d.rating_user()[r] < d.num_users() && d.rating_movie()[r] < d.num_movies(),
            "ratings refer to known users and movies");
      ++rated;
    }
  }
  check(rated == d.num_ratings(), "every rating is in one split");
  format_summary(d);  // the loader checked the counts it prints
}

}  // namespace

void dataset(std::string_view input) {
  const Bundle bundle = split_bundle(input);
  const std::filesystem::path& dir = fresh_input_dir();
  write_bundle(bundle, dir);
  if (option_byte(bundle.preamble, 0) % 2 == 1) {
    if (const auto manifest = with_true_checksums(bundle))
      write_file(dir / "manifest.json", *manifest);
  }
  std::optional<Dataset> data;
  try {
    data.emplace(load_dataset(dir));
  } catch (const std::runtime_error&) {  // "dataset DIR refused: why"
    return;
  }
  walk(*data);
}

}  // namespace cinerec::fuzz
