// The pre-split filters on hand-made tables: the minimum rating, and the iterative k-core, whose
// second round is needed when removing a movie takes a user below its minimum.
#include "host/data/prepare/rating_filter.h"

#include <gtest/gtest.h>

#include <string>

namespace cinerec {
namespace {

RawTables tables(size_t users, size_t movies, const std::vector<std::pair<uint32_t, uint32_t>>& r,
                 const std::vector<float>& values = {}) {
  RawTables raw;
  for (size_t u = 0; u < users; ++u)
    raw.users.push_back({"u" + std::to_string(u), "", "", ""});
  for (size_t m = 0; m < movies; ++m)
    raw.movies.push_back({"m" + std::to_string(m), "t", {}, 0});
  for (size_t i = 0; i < r.size(); ++i) {
    raw.ratings.push_back(
        {r[i].first, r[i].second, values.empty() ? 4.0f : values[i], static_cast<int64_t>(i)});
  }
  return raw;
}

std::vector<std::string> ids(const std::vector<RawUser>& v) {
  std::vector<std::string> out;
  for (const auto& x : v)
    out.push_back(x.id);
  return out;
}

TEST(RatingFilter, MinimumRatingDropsOnlyRatings) {
  RawTables raw = tables(2, 2, {{0, 0}, {0, 1}, {1, 0}}, {2.5f, 3.0f, 1.0f});
  const FilterStats s = filter_ratings(raw, {3.0f, 0, 0});
  EXPECT_EQ(s.low_ratings, 2u);
  ASSERT_EQ(raw.ratings.size(), 1u);
  EXPECT_EQ(raw.ratings[0].movie, 1u);
  EXPECT_EQ(raw.users.size(), 2u);  // no k-core: user 1, now without ratings, stays
}

// Users 0-2 rate movies 0-1 twice each between them; user 3 rates movies 1 and 2; movie 2 has
// only user 3. A 2-core removes movie 2, then user 3 (down to one rating), then nothing more.
TEST(RatingFilter, KCoreRepeatsUntilStableAndRenumbers) {
  RawTables raw = tables(5, 3, {{0, 0}, {0, 1}, {1, 0}, {1, 1}, {2, 0}, {2, 1}, {3, 1}, {3, 2}});
  const FilterStats s = filter_ratings(raw, {std::nullopt, 2, 2});
  EXPECT_EQ(ids(raw.users), (std::vector<std::string>{"u0", "u1", "u2"}));  // u3 and u4 gone
  ASSERT_EQ(raw.movies.size(), 2u);
  EXPECT_EQ(s.users_removed, 2u);
  EXPECT_EQ(s.movies_removed, 1u);
  EXPECT_EQ(s.core_ratings, 2u);
  EXPECT_EQ(s.core_rounds, 3u);  // movie 2 and user 4; then user 3; then no change
  EXPECT_EQ(raw.ratings.size(), 6u);
  for (const RawRating& r : raw.ratings) {
    EXPECT_LT(r.user, 3u);
    EXPECT_LT(r.movie, 2u);
  }
}

TEST(RatingFilter, OnlyAUserMinimumKeepsUnratedMovies) {
  RawTables raw = tables(2, 3, {{0, 0}, {0, 1}, {1, 1}});
  const FilterStats s = filter_ratings(raw, {std::nullopt, 2, 0});
  EXPECT_EQ(raw.users.size(), 1u);
  EXPECT_EQ(raw.movies.size(), 3u);
  EXPECT_EQ(s.core_ratings, 1u);
}

TEST(RatingFilter, ACoreThatRemovesEverythingLeavesEmptyTables) {
  RawTables raw = tables(2, 2, {{0, 0}, {1, 1}});
  filter_ratings(raw, {std::nullopt, 5, 5});
  EXPECT_TRUE(raw.users.empty());
  EXPECT_TRUE(raw.ratings.empty());
}

}  // namespace
}  // namespace cinerec
