#include "host/data/dataset/manifest_counts.h"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "host/common/input_error.h"

namespace cinerec {
namespace {

// Each key of one manifest section with the count the arrays give it.
using Expected = std::vector<std::pair<std::string, size_t>>;

[[noreturn]] void fail(const std::string& key, const std::string& what) {
  throw std::runtime_error("manifest.json " + key + " " + what);
}

void check_section(const nlohmann::json& manifest, const std::string& section,
                   const Expected& expected) {
  const auto it = manifest.find(section);
  if (it == manifest.end() || !it->is_object()) fail(section, "is missing or not an object");
  for (const auto& item : it->items()) {
    const auto known = [&](const auto& entry) { return entry.first == item.key(); };
    if (std::none_of(expected.begin(), expected.end(), known)) {
      fail(section, "has an unknown key " + quote_input(item.key()));
    }
  }
  for (const auto& [key, count] : expected) {
    const std::string name = section + "." + key;
    const auto value = it->find(key);
    if (value == it->end()) fail(name, "is missing");
    if (!value->is_number_unsigned()) {
      fail(name, "is not a count: " + quote_input(value->dump()));
    }
    if (value->get<uint64_t>() != count) {
      fail(name, "says " + value->dump() + ", the arrays hold " + std::to_string(count));
    }
  }
}

Expected split_counts(const Dataset& d) {
  std::array<size_t, 3> n{};
  for (const uint8_t s : d.rating_split())
    ++n[s];  // Dataset checked every split code
  return {{"train", n[0]},
          {"val", n[1]},
          {"test", n[2]},
          {"users", d.num_users()},
          {"movies", d.num_movies()},
          {"ratings", d.num_ratings()}};
}

Expected vocab_sizes(const Dataset& d) {
  return {{"user_ids", d.user_ids().size()}, {"movie_ids", d.movie_ids().size()},
          {"genres", d.genres().size()},     {"tokens", d.tokens().size()},
          {"genders", d.genders().size()},   {"ages", d.ages().size()},
          {"jobs", d.jobs().size()}};
}

}  // namespace

void check_manifest_counts(const Dataset& dataset) {
  check_section(dataset.manifest(), "counts", split_counts(dataset));
  check_section(dataset.manifest(), "vocab_sizes", vocab_sizes(dataset));
}

}  // namespace cinerec
