#include "host/data/prepare/rating_filter.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace cinerec {
namespace {

constexpr uint32_t kGone = UINT32_MAX;

// Keeps the entries whose `keep` flag is set, and returns each old index's new one (kGone).
template <class T>
std::vector<uint32_t> keep_flagged(std::vector<T>& items, const std::vector<bool>& keep) {
  std::vector<uint32_t> index(items.size(), kGone);
  size_t next = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    if (!keep[i]) continue;
    index[i] = static_cast<uint32_t>(next);
    if (next != i) items[next] = std::move(items[i]);  // a self-move would empty it
    ++next;
  }
  items.resize(next);
  return index;
}

// One k-core pass over the ratings of the entities still in: drops those below their minimum.
// Returns whether any was dropped.
bool core_pass(const std::vector<RawRating>& ratings, const FilterOptions& o,
               std::vector<bool>& user_in, std::vector<bool>& movie_in) {
  std::vector<size_t> per_user(user_in.size(), 0), per_movie(movie_in.size(), 0);
  for (const RawRating& r : ratings) {
    if (user_in[r.user] && movie_in[r.movie]) ++per_user[r.user], ++per_movie[r.movie];
  }
  bool changed = false;
  const auto drop = [&](std::vector<bool>& in, const std::vector<size_t>& n, size_t minimum) {
    for (size_t i = 0; i < in.size(); ++i) {
      if (in[i] && n[i] < minimum) in[i] = false, changed = true;
    }
  };
  drop(user_in, per_user, o.min_user_ratings);
  drop(movie_in, per_movie, o.min_movie_ratings);
  return changed;
}

}  // namespace

FilterStats filter_ratings(RawTables& raw, const FilterOptions& options) {
  FilterStats stats;
  if (options.min_rating) {
    const auto before = raw.ratings.size();
    std::erase_if(raw.ratings, [&](const RawRating& r) { return r.value < *options.min_rating; });
    stats.low_ratings = before - raw.ratings.size();
  }
  if (options.min_user_ratings == 0 && options.min_movie_ratings == 0) return stats;
  std::vector<bool> user_in(raw.users.size(), true), movie_in(raw.movies.size(), true);
  while (core_pass(raw.ratings, options, user_in, movie_in))
    ++stats.core_rounds;
  ++stats.core_rounds;  // the pass that changed nothing
  const auto users = keep_flagged(raw.users, user_in), movies = keep_flagged(raw.movies, movie_in);
  stats.users_removed = users.size() - raw.users.size();
  stats.movies_removed = movies.size() - raw.movies.size();
  const auto before = raw.ratings.size();
  std::erase_if(raw.ratings, [&](const RawRating& r) {
    return users[r.user] == kGone || movies[r.movie] == kGone;
  });
  stats.core_ratings = before - raw.ratings.size();
  for (RawRating& r : raw.ratings)
    r.user = users[r.user], r.movie = movies[r.movie];
  return stats;
}

}  // namespace cinerec
