#include "host/data/prepare/rating_dedup.h"

#include <gtest/gtest.h>

namespace cinerec {
namespace {

// Pair (0,1) rated three times, out of time order in the file; pair (1,1) once.
std::vector<RawRating> repeated() {
  return {{0, 1, 2.0f, 300, SourceFold::kNone},
          {1, 1, 5.0f, 100, SourceFold::kNone},
          {0, 1, 4.0f, 500, SourceFold::kNone},
          {0, 1, 3.0f, 400, SourceFold::kNone}};
}

TEST(RatingDedup, LatestKeepsTheMostRecentRatingInFileOrder) {
  auto r = repeated();
  const DedupStats s = dedup_ratings(r, DedupPolicy::kLatest);
  EXPECT_EQ(s.repeated_pairs, 1u);
  EXPECT_EQ(s.removed_rows, 2u);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].user, 1u);
  EXPECT_EQ(r[1].value, 4.0f);
  EXPECT_EQ(r[1].timestamp, 500);
}

TEST(RatingDedup, LatestBreaksTimestampTiesByFilePosition) {
  std::vector<RawRating> r{{0, 0, 1.0f, 7, SourceFold::kNone}, {0, 0, 2.0f, 7, SourceFold::kNone}};
  dedup_ratings(r, DedupPolicy::kLatest);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].value, 2.0f);
}

TEST(RatingDedup, MeanAveragesAtTheLatestTimestamp) {
  auto r = repeated();
  dedup_ratings(r, DedupPolicy::kMean);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_FLOAT_EQ(r[1].value, 3.0f);
  EXPECT_EQ(r[1].timestamp, 500);
}

TEST(RatingDedup, KeepLeavesEveryRowButCountsThePairs) {
  auto r = repeated();
  const DedupStats s = dedup_ratings(r, DedupPolicy::kKeep);
  EXPECT_EQ(r.size(), 4u);
  EXPECT_EQ(s.repeated_pairs, 1u);
  EXPECT_EQ(s.removed_rows, 0u);
  EXPECT_EQ(r[0].value, 2.0f);
}

TEST(RatingDedup, PolicyNames) {
  EXPECT_EQ(parse_dedup_policy("mean"), DedupPolicy::kMean);
  EXPECT_STREQ(dedup_policy_name(DedupPolicy::kLatest), "latest");
  EXPECT_THROW(parse_dedup_policy("first"), std::invalid_argument);
}

}  // namespace
}  // namespace cinerec
