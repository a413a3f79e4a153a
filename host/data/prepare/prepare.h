// `cinerec prepare`: turns validated source tables into a Dataset — dense indices, deduplicated
// ratings, the split, the title vocabulary (built from the training split only) and fixed-length
// token rows.
#pragma once

#include <cstddef>

#include <nlohmann/json.hpp>

#include "host/data/dataset/dataset.h"
#include "host/data/prepare/rating_dedup.h"
#include "host/data/prepare/rating_filter.h"
#include "host/data/prepare/rating_split.h"
#include "host/data/source/raw_tables.h"

namespace cinerec {

struct PrepareOptions {
  SplitOptions split;
  DedupPolicy dedup = DedupPolicy::kLatest;
  FilterOptions filter;        // after deduplication, before the split
  size_t title_len = 15;       // tokens per title, padded with <pad> or truncated
  size_t min_token_count = 1;  // rarer training tokens become <unk>
};

// `source` (format, path, bad-row report, ...) is recorded verbatim under "source" in the
// manifest, and what the filters removed under "filter". Throws std::runtime_error when there would
// be no users, movies, ratings or training ratings.
Dataset prepare_dataset(RawTables raw, const PrepareOptions& options, nlohmann::json source);

}  // namespace cinerec
