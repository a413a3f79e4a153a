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

// Each user's ratings in `order`'s order, users in index order.
std::vector<std::vector<uint32_t>> by_user(const std::vector<RawRating>& ratings,
                                           const std::vector<uint32_t>& order) {
  uint32_t users = 0;
  for (const RawRating& r : ratings)
    users = std::max(users, r.user + 1);
  std::vector<std::vector<uint32_t>> groups(users);
  for (const uint32_t i : order)
    groups[ratings[i].user].push_back(i);
  return groups;
}

void split_per_user(const std::vector<RawRating>& ratings, const SplitOptions& options, Rng& rng,
                    std::vector<uint8_t>& out) {
  if (options.test_fraction + options.val_fraction >= 1.0)
    throw std::invalid_argument("per-user split: test and validation fractions must sum below 1");
  std::vector<uint32_t> order(ratings.size());
  std::iota(order.begin(), order.end(), 0u);
  shuffle(order, rng);
  const std::vector<double> ratios = {1.0 - options.val_fraction - options.test_fraction,
                                      options.val_fraction, options.test_fraction};
  for (const auto& group : by_user(ratings, order)) {
    const std::vector<size_t> n = per_group_counts(group.size(), ratios);
    for (size_t j = n[0]; j < group.size(); ++j)
      out[group[j]] = static_cast<uint8_t>(j < n[0] + n[1] ? Split::kVal : Split::kTest);
  }
}

void split_leave_one_out(const std::vector<RawRating>& ratings, const SplitOptions& options,
                         std::vector<uint8_t>& out) {
  std::vector<uint32_t> order(ratings.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return ratings[a].timestamp < ratings[b].timestamp;
  });
  const size_t left_out = options.val_fraction > 0.0 ? 2 : 1;
  for (const auto& group : by_user(ratings, order)) {
    const size_t n = std::min(left_out, group.empty() ? 0 : group.size() - 1);
    for (size_t j = group.size() - n; j < group.size(); ++j)
      out[group[j]] = static_cast<uint8_t>(j + 1 == group.size() ? Split::kTest : Split::kVal);
  }
}

}  // namespace

std::vector<size_t> per_group_counts(size_t total, const std::vector<double>& ratios) {
  std::vector<size_t> n(ratios.size());
  size_t rest = total;
  for (size_t i = 1; i < ratios.size(); ++i) {
    n[i] = static_cast<size_t>(ratios[i] * static_cast<double>(total));
    rest -= n[i];
  }
  n[0] = rest;
  for (size_t i = ratios.size() - 1; i >= 1; --i) {
    if (n[0] <= 1) break;
    const double want = ratios[i] * static_cast<double>(total);
    if (want > 0.0 && want < 1.0) ++n[i], --n[0];
  }
  return n;
}

SplitKind parse_split_kind(std::string_view name) {
  if (name == "random") return SplitKind::kRandom;
  if (name == "temporal") return SplitKind::kTemporal;
  if (name == "files") return SplitKind::kFiles;
  if (name == "per-user") return SplitKind::kPerUser;
  if (name == "leave-one-out") return SplitKind::kLeaveOneOut;
  throw std::invalid_argument("unknown split \"" + std::string(name) +
                              "\" (expected random, temporal, files, per-user or leave-one-out)");
}

const char* split_kind_name(SplitKind k) {
  switch (k) {
    case SplitKind::kRandom:
      return "random";
    case SplitKind::kTemporal:
      return "temporal";
    case SplitKind::kFiles:
      return "files";
    case SplitKind::kPerUser:
      return "per-user";
    case SplitKind::kLeaveOneOut:
      return "leave-one-out";
  }
  return "?";
}

std::vector<uint8_t> assign_splits(const std::vector<RawRating>& ratings,
                                   const SplitOptions& options) {
  check_fraction(options.test_fraction, "test");
  check_fraction(options.val_fraction, "validation");
  std::vector<uint8_t> split(ratings.size(), static_cast<uint8_t>(Split::kTrain));
  Rng rng(options.seed, /*stream=*/0x5b117);
  if (options.kind == SplitKind::kPerUser) {
    split_per_user(ratings, options, rng, split);
    return split;
  }
  if (options.kind == SplitKind::kLeaveOneOut) {
    split_leave_one_out(ratings, options, split);
    return split;
  }

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
