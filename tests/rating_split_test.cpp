#include "host/data/prepare/rating_split.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "tests/raw_tables_fixture.h"

namespace cinerec {
namespace {

size_t count(const std::vector<uint8_t>& split, Split s) {
  return static_cast<size_t>(std::count(split.begin(), split.end(), static_cast<uint8_t>(s)));
}

TEST(RatingSplit, RandomSizesAreExactAndEveryRatingHasOneSplit) {
  const auto raw = testing::make_raw_tables(10, 20, 1000);
  const auto split = assign_splits(raw.ratings, {SplitKind::kRandom, 0.2, 0.25, 7});
  ASSERT_EQ(split.size(), 1000u);
  EXPECT_EQ(count(split, Split::kTest), 200u);
  EXPECT_EQ(count(split, Split::kVal), 200u);  // 25% of the remaining 800
  EXPECT_EQ(count(split, Split::kTrain), 600u);
}

TEST(RatingSplit, RandomIsDeterministicPerSeed) {
  const auto raw = testing::make_raw_tables(10, 20, 1000);
  const auto a = assign_splits(raw.ratings, {SplitKind::kRandom, 0.2, 0.1, 7});
  const auto b = assign_splits(raw.ratings, {SplitKind::kRandom, 0.2, 0.1, 7});
  const auto c = assign_splits(raw.ratings, {SplitKind::kRandom, 0.2, 0.1, 8});
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
}

TEST(RatingSplit, TemporalPutsTheLatestRatingsInTest) {
  auto raw = testing::make_raw_tables(10, 20, 100);
  std::reverse(raw.ratings.begin(), raw.ratings.end());  // file order is not time order
  const auto split = assign_splits(raw.ratings, {SplitKind::kTemporal, 0.2, 0.25, 1});
  int64_t latest_train = 0, earliest_val = INT64_MAX, latest_val = 0, earliest_test = INT64_MAX;
  for (size_t i = 0; i < split.size(); ++i) {
    const int64_t t = raw.ratings[i].timestamp;
    if (split[i] == static_cast<uint8_t>(Split::kTrain)) latest_train = std::max(latest_train, t);
    if (split[i] == static_cast<uint8_t>(Split::kVal)) {
      earliest_val = std::min(earliest_val, t);
      latest_val = std::max(latest_val, t);
    }
    if (split[i] == static_cast<uint8_t>(Split::kTest)) earliest_test = std::min(earliest_test, t);
  }
  EXPECT_EQ(count(split, Split::kTest), 20u);
  EXPECT_EQ(count(split, Split::kVal), 20u);
  EXPECT_LT(latest_train, earliest_val);
  EXPECT_LT(latest_val, earliest_test);
}

TEST(RatingSplit, FilesFollowSourceFoldsAndCarveValidationFromBase) {
  auto raw = testing::make_raw_tables(10, 20, 100);
  for (size_t i = 0; i < raw.ratings.size(); ++i) {
    raw.ratings[i].fold = i % 4 == 0 ? SourceFold::kTest : SourceFold::kBase;
  }
  const auto split = assign_splits(raw.ratings, {SplitKind::kFiles, 0.5, 0.2, 1});
  for (size_t i = 0; i < split.size(); ++i) {
    EXPECT_EQ(split[i] == static_cast<uint8_t>(Split::kTest), i % 4 == 0) << i;
  }
  EXPECT_EQ(count(split, Split::kVal), 15u);  // 20% of the 75 base ratings
}

TEST(RatingSplit, FilesWithoutFoldsIsRefused) {
  const auto raw = testing::make_raw_tables(3, 3, 10);
  EXPECT_THROW(assign_splits(raw.ratings, {SplitKind::kFiles, 0.2, 0.0, 1}), std::invalid_argument);
}

TEST(RatingSplit, BadFractionsAndNamesAreRefused) {
  const auto raw = testing::make_raw_tables(3, 3, 10);
  EXPECT_THROW(assign_splits(raw.ratings, {SplitKind::kRandom, 1.0, 0.0, 1}),
               std::invalid_argument);
  EXPECT_THROW(assign_splits(raw.ratings, {SplitKind::kRandom, 0.2, -0.1, 1}),
               std::invalid_argument);
  EXPECT_THROW(parse_split_kind("randon"), std::invalid_argument);
  EXPECT_EQ(parse_split_kind("temporal"), SplitKind::kTemporal);
}

TEST(RatingSplit, EmptyInputGivesEmptySplit) {
  EXPECT_TRUE(assign_splits({}, {SplitKind::kRandom, 0.2, 0.2, 1}).empty());
}

}  // namespace
}  // namespace cinerec
