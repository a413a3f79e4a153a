// Assigns every rating to train, validation or test.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "host/data/dataset/dataset.h"
#include "host/data/source/raw_tables.h"

namespace cinerec {

enum class SplitKind {
  kRandom,    // seeded uniform shuffle
  kTemporal,  // the latest ratings are the test set (and the validation set just before it)
  kFiles,     // the source's own split (ML-100K FOLD.base / FOLD.test)
  // Each user's ratings, shuffled, cut in the ratios (1 - val - test) : val : test of that user's
  // count, as RecBole's default ("RS" by user, [0.8, 0.1, 0.1]; its rounding, below).
  kPerUser,
  // Each user's latest rating is a test rating, and with a validation fraction above 0 the one
  // before it a validation rating (RecBole's "LS", valid_and_test); a user keeps one training
  // rating at least.
  kLeaveOneOut,
};

SplitKind parse_split_kind(std::string_view name);  // throws std::invalid_argument
const char* split_kind_name(SplitKind k);

struct SplitOptions {
  SplitKind kind = SplitKind::kRandom;
  // kRandom, kTemporal: of all ratings; kPerUser: of each user's; unused by kFiles, kLeaveOneOut.
  double test_fraction = 0.2;
  // kRandom, kTemporal, kFiles: of what is left for training, carved out of it; kPerUser: of each
  // user's ratings; kLeaveOneOut: above 0, one per user.
  double val_fraction = 0.0;
  uint64_t seed = 42;
};

// RecBole's per-group counts for `ratios` (summing to 1) of `total` items: every part but the
// first rounded down, the first the rest; then each later part that the rounding emptied gets
// one item from the first while the first keeps more than one.
std::vector<size_t> per_group_counts(size_t total, const std::vector<double>& ratios);

// One Split per rating. Throws std::invalid_argument on fractions outside [0, 1) or kFiles on
// ratings that carry no SourceFold.
std::vector<uint8_t> assign_splits(const std::vector<RawRating>& ratings,
                                   const SplitOptions& options);

}  // namespace cinerec
