// Per-user sets of movie indices in CSR form, each row sorted ascending and free of repeats: the
// movies a user rated in some splits, which retrieval excludes or the metrics test against.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <span>
#include <vector>

#include "host/data/dataset/dataset.h"

namespace cinerec {

struct UserItems {
  std::vector<uint64_t> offsets{0};  // [rows + 1]
  std::vector<uint32_t> items;

  size_t rows() const { return offsets.size() - 1; }
  std::span<const uint32_t> row(size_t r) const {
    return std::span(items).subspan(offsets[r], offsets[r + 1] - offsets[r]);
  }
  bool contains(size_t r, uint32_t item) const;
};

// Row u: the movies user u rated at least `min_rating` in any of `splits`.
UserItems rated_items(const Dataset& data, std::initializer_list<Split> splits,
                      float min_rating = -std::numeric_limits<float>::infinity());

// The rows of `users`, in that order.
UserItems select_rows(const UserItems& all, std::span<const uint32_t> users);

}  // namespace cinerec
