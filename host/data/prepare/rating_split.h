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
};

SplitKind parse_split_kind(std::string_view name);  // throws std::invalid_argument
const char* split_kind_name(SplitKind k);

struct SplitOptions {
  SplitKind kind = SplitKind::kRandom;
  double test_fraction = 0.2;  // of all ratings (ignored for kFiles)
  double val_fraction = 0.0;   // of what is left for training, carved out of it
  uint64_t seed = 42;
};

// One Split per rating. Throws std::invalid_argument on fractions outside [0, 1) or kFiles on
// ratings that carry no SourceFold.
std::vector<uint8_t> assign_splits(const std::vector<RawRating>& ratings,
                                   const SplitOptions& options);

}  // namespace cinerec
