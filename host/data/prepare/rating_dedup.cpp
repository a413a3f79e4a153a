#include "host/data/prepare/rating_dedup.h"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <stdexcept>
#include <string>

namespace cinerec {
namespace {

uint64_t pair_key(const RawRating& r) {
  return (uint64_t{r.user} << 32) | r.movie;
}

}  // namespace

DedupPolicy parse_dedup_policy(std::string_view name) {
  if (name == "latest") return DedupPolicy::kLatest;
  if (name == "mean") return DedupPolicy::kMean;
  if (name == "keep") return DedupPolicy::kKeep;
  throw std::invalid_argument("unknown dedup policy \"" + std::string(name) +
                              "\" (expected latest, mean or keep)");
}

const char* dedup_policy_name(DedupPolicy p) {
  switch (p) {
    case DedupPolicy::kLatest:
      return "latest";
    case DedupPolicy::kMean:
      return "mean";
    case DedupPolicy::kKeep:
      return "keep";
  }
  return "?";
}

DedupStats dedup_ratings(std::vector<RawRating>& ratings, DedupPolicy policy) {
  // Group rows by pair; within a group, order by (timestamp, file position) so the last row is
  // the latest one.
  std::vector<uint32_t> order(ratings.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    const uint64_t ka = pair_key(ratings[a]), kb = pair_key(ratings[b]);
    if (ka != kb) return ka < kb;
    if (ratings[a].timestamp != ratings[b].timestamp) {
      return ratings[a].timestamp < ratings[b].timestamp;
    }
    return a < b;
  });

  DedupStats stats;
  std::vector<char> keep(ratings.size(), policy == DedupPolicy::kKeep ? 1 : 0);
  for (size_t begin = 0; begin < order.size();) {
    size_t end = begin + 1;
    while (end < order.size() && pair_key(ratings[order[end]]) == pair_key(ratings[order[begin]])) {
      ++end;
    }
    if (end - begin > 1) ++stats.repeated_pairs;
    if (policy != DedupPolicy::kKeep) {
      RawRating& latest = ratings[order[end - 1]];
      if (policy == DedupPolicy::kMean) {
        double sum = 0.0;
        for (size_t i = begin; i < end; ++i)
          sum += ratings[order[i]].value;
        latest.value = static_cast<float>(sum / static_cast<double>(end - begin));
      }
      keep[order[end - 1]] = 1;
    }
    begin = end;
  }

  size_t out = 0;
  for (size_t i = 0; i < ratings.size(); ++i) {
    if (keep[i]) ratings[out++] = ratings[i];
  }
  stats.removed_rows = ratings.size() - out;
  ratings.resize(out);
  return stats;
}

}  // namespace cinerec
