#include "host/data/prepare/rating_split.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

#include "host/common/rng.h"

namespace cinerec {
namespace {

void check_fraction(double f, const char* what) {
  if (!(f >= 0.0 && f < 1.0)) {
    throw std::invalid_argument(std::string(what) + " fraction must be in [0, 1), got " +
                                std::to_string(f));
  }
}

size_t share(size_t n, double fraction) {
  return static_cast<size_t>(std::llround(static_cast<double>(n) * fraction));
}

void shuffle(std::vector<uint32_t>& v, Rng& rng) {
  for (size_t i = v.size(); i > 1; --i)
    std::swap(v[i - 1], v[rng.below(i)]);
}

// Labels the last `count` entries of `order` as `split` and drops them from `order`.
void take_tail(std::vector<uint32_t>& order, size_t count, Split split, std::vector<uint8_t>& out) {
  for (size_t i = order.size() - count; i < order.size(); ++i) {
    out[order[i]] = static_cast<uint8_t>(split);
  }
  order.resize(order.size() - count);
}

}  // namespace

SplitKind parse_split_kind(std::string_view name) {
  if (name == "random") return SplitKind::kRandom;
  if (name == "temporal") return SplitKind::kTemporal;
  if (name == "files") return SplitKind::kFiles;
  throw std::invalid_argument("unknown split \"" + std::string(name) +
                              "\" (expected random, temporal or files)");
}

const char* split_kind_name(SplitKind k) {
  switch (k) {
    case SplitKind::kRandom:
      return "random";
    case SplitKind::kTemporal:
      return "temporal";
    case SplitKind::kFiles:
      return "files";
  }
  return "?";
}

std::vector<uint8_t> assign_splits(const std::vector<RawRating>& ratings,
                                   const SplitOptions& options) {
  check_fraction(options.test_fraction, "test");
  check_fraction(options.val_fraction, "validation");
  std::vector<uint8_t> split(ratings.size(), static_cast<uint8_t>(Split::kTrain));
  Rng rng(options.seed, /*stream=*/0x5b117);

  // `order` holds the training candidates; the test and validation sets are cut off its tail.
  std::vector<uint32_t> order;
  if (options.kind == SplitKind::kFiles) {
    for (uint32_t i = 0; i < ratings.size(); ++i) {
      if (ratings[i].fold == SourceFold::kNone) {
        throw std::invalid_argument(
            "--split files needs a source with its own split files (ml-100k with --fold)");
      }
      if (ratings[i].fold == SourceFold::kTest) {
        split[i] = static_cast<uint8_t>(Split::kTest);
      } else {
        order.push_back(i);
      }
    }
    shuffle(order, rng);
  } else {
    order.resize(ratings.size());
    std::iota(order.begin(), order.end(), 0u);
    if (options.kind == SplitKind::kRandom) {
      shuffle(order, rng);
    } else {
      std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
        return ratings[a].timestamp < ratings[b].timestamp;
      });
    }
    take_tail(order, share(order.size(), options.test_fraction), Split::kTest, split);
  }
  take_tail(order, share(order.size(), options.val_fraction), Split::kVal, split);
  return split;
}

}  // namespace cinerec
