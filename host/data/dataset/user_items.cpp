#include "host/data/dataset/user_items.h"

#include <algorithm>

namespace cinerec {

bool UserItems::contains(size_t r, uint32_t item) const {
  return std::ranges::binary_search(row(r), item);
}

UserItems rated_items(const Dataset& data, std::initializer_list<Split> splits, float min_rating) {
  const auto user = data.rating_user(), movie = data.rating_movie();
  const auto split = data.rating_split();
  const auto value = data.rating_value();
  std::vector<std::vector<uint32_t>> rows(data.num_users());
  for (size_t r = 0; r < user.size(); ++r) {
    if (value[r] >= min_rating &&
        std::ranges::find(splits, static_cast<Split>(split[r])) != splits.end()) {
      rows[user[r]].push_back(movie[r]);
    }
  }
  UserItems out;
  for (auto& row : rows) {
    std::ranges::sort(row);
    // A "keep" dedup leaves repeated (user, movie) ratings.
    row.erase(std::unique(row.begin(), row.end()), row.end());
    out.items.insert(out.items.end(), row.begin(), row.end());
    out.offsets.push_back(out.items.size());
  }
  return out;
}

UserItems select_rows(const UserItems& all, std::span<const uint32_t> users) {
  UserItems out;
  for (uint32_t u : users) {
    const auto row = all.row(u);
    out.items.insert(out.items.end(), row.begin(), row.end());
    out.offsets.push_back(out.items.size());
  }
  return out;
}

}  // namespace cinerec
