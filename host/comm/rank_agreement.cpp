#include "host/comm/rank_agreement.h"

#include <string>

#include "host/common/sha256.h"

namespace cinerec {

std::vector<int> ranks_unlike_root(Communicator& world, std::string_view value) {
  if (world.size() == 1) return {};
  std::vector<size_t> counts;
  const auto gathered = world.gather_all<char>(std::span<const char>(value), counts);
  const std::string_view all(gathered.data(), gathered.size()), root = all.substr(0, counts[0]);
  std::vector<int> unlike;
  for (size_t r = 1, at = counts[0]; r < counts.size(); at += counts[r], ++r) {
    if (all.substr(at, counts[r]) != root) unlike.push_back(static_cast<int>(r));
  }
  return unlike;
}

std::string disagreements(Communicator& world, std::span<const AgreedValue> values) {
  std::string differ;
  for (const auto& [name, value] : values) {
    for (int r : ranks_unlike_root(world, sha256_hex(value)))
      differ += "\n  rank " + std::to_string(r) + ": its " + std::string(name) + " differs";
  }
  return differ;
}

std::string rank_list(const std::vector<int>& ranks) {
  std::string text;
  for (int r : ranks)
    text += " " + std::to_string(r);
  return text;
}

}  // namespace cinerec
