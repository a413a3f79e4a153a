// Repeated (user, movie) ratings — the paper's Table 2 shows some — resolved before splitting so
// one pair never lands on both sides of a split.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "host/data/source/raw_tables.h"

namespace cinerec {

enum class DedupPolicy {
  kLatest,  // keep the most recent rating (ties: the later row in the file)
  kMean,    // one rating: the mean value, at the latest timestamp
  kKeep,    // keep every row
};

DedupPolicy parse_dedup_policy(std::string_view name);  // throws std::invalid_argument
const char* dedup_policy_name(DedupPolicy p);

struct DedupStats {
  size_t repeated_pairs = 0;  // (user, movie) pairs rated more than once
  size_t removed_rows = 0;
};

// Rewrites `ratings` in file order, one row per pair unless the policy is kKeep.
DedupStats dedup_ratings(std::vector<RawRating>& ratings, DedupPolicy policy);

}  // namespace cinerec
