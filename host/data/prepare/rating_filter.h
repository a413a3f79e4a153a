// The filters published protocols apply before the split (RecBole's `val_interval` on the rating
// and `user_inter_num_interval` / `item_inter_num_interval`): ratings below a minimum dropped,
// then iterative k-core filtering, which removes the users and movies with fewer ratings than
// their minimum, and their ratings, until every one left has enough (removing a movie can take a
// user below its minimum, and back). Removed users and movies leave the tables; indices are
// renumbered in their order.
#pragma once

#include <cstddef>
#include <optional>

#include "host/data/source/raw_tables.h"

namespace cinerec {

struct FilterOptions {
  std::optional<float> min_rating;  // keep ratings >= this
  size_t min_user_ratings = 0;      // k-core: 0 keeps every user, ratings or not
  size_t min_movie_ratings = 0;
};

struct FilterStats {
  size_t low_ratings = 0;    // ratings below min_rating
  size_t core_ratings = 0;   // ratings of the users and movies the k-core removed
  size_t users_removed = 0;  // by the k-core
  size_t movies_removed = 0;
  size_t core_rounds = 0;  // passes until nothing changed
};

FilterStats filter_ratings(RawTables& raw, const FilterOptions& options);

}  // namespace cinerec
