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
  EXPECT_TRUE(assign_splits({}, {SplitKind::kPerUser, 0.1, 0.1, 1}).empty());
  EXPECT_TRUE(assign_splits({}, {SplitKind::kLeaveOneOut, 0.0, 0.1, 1}).empty());
}

// RecBole's _calcu_split_ids on [0.8, 0.1, 0.1], worked by hand.
TEST(RatingSplit, PerGroupCountsRoundAsRecBole) {
  const std::vector<double> r = {0.8, 0.1, 0.1};
  EXPECT_EQ(per_group_counts(10, r), (std::vector<size_t>{8, 1, 1}));
  EXPECT_EQ(per_group_counts(19, r), (std::vector<size_t>{17, 1, 1}));
  EXPECT_EQ(per_group_counts(5, r), (std::vector<size_t>{3, 1, 1}));  // both rounded to 0
  EXPECT_EQ(per_group_counts(2, r), (std::vector<size_t>{1, 0, 1}));  // test first, train keeps 1
  EXPECT_EQ(per_group_counts(1, r), (std::vector<size_t>{1, 0, 0}));
  EXPECT_EQ(per_group_counts(0, r), (std::vector<size_t>{0, 0, 0}));
  EXPECT_EQ(per_group_counts(30, {0.7, 0.0, 0.3}), (std::vector<size_t>{21, 0, 9}));
}

// Each user's ratings for `split`.
std::vector<std::vector<uint32_t>> per_user(const RawTables& raw, const std::vector<uint8_t>& split,
                                            Split s) {
  std::vector<std::vector<uint32_t>> out(raw.users.size());
  for (uint32_t i = 0; i < raw.ratings.size(); ++i)
    if (split[i] == static_cast<uint8_t>(s)) out[raw.ratings[i].user].push_back(i);
  return out;
}

TEST(RatingSplit, PerUserCutsEveryUsersRatingsInTheRatios) {
  // 7 users with 10, 11, ..., 16 ratings each (plus a few users short of ratings below).
  auto raw = testing::make_raw_tables(7, 50, 91);
  const auto split = assign_splits(raw.ratings, {SplitKind::kPerUser, 0.1, 0.1, 3});
  const auto train = per_user(raw, split, Split::kTrain), val = per_user(raw, split, Split::kVal),
             test = per_user(raw, split, Split::kTest);
  for (size_t u = 0; u < raw.users.size(); ++u) {
    const size_t n = train[u].size() + val[u].size() + test[u].size();
    EXPECT_EQ((std::vector<size_t>{train[u].size(), val[u].size(), test[u].size()}),
              per_group_counts(n, {0.8, 0.1, 0.1}))
        << "user " << u;
  }
  EXPECT_NE(split, assign_splits(raw.ratings, {SplitKind::kPerUser, 0.1, 0.1, 4}));
  EXPECT_EQ(split, assign_splits(raw.ratings, {SplitKind::kPerUser, 0.1, 0.1, 3}));
  EXPECT_THROW(assign_splits(raw.ratings, {SplitKind::kPerUser, 0.5, 0.5, 3}),
               std::invalid_argument);
}

TEST(RatingSplit, LeaveOneOutTakesEachUsersLatest) {
  auto raw = testing::make_raw_tables(4, 30, 20);
  raw.ratings.push_back({3, 1, 4.0f, 5, SourceFold::kNone});      // user 3's earliest
  raw.ratings.push_back({0, 2, 4.0f, 99999, SourceFold::kNone});  // user 0's latest
  raw.ratings.push_back({3, 9, 2.0f, 7, SourceFold::kNone});
  const auto latest_of = [&](uint32_t u, size_t back) {
    std::vector<std::pair<int64_t, uint32_t>> mine;
    for (uint32_t i = 0; i < raw.ratings.size(); ++i)
      if (raw.ratings[i].user == u) mine.push_back({raw.ratings[i].timestamp, i});
    std::ranges::sort(mine);
    return mine[mine.size() - 1 - back].second;
  };
  for (const double val : {0.0, 0.1}) {
    const auto split = assign_splits(raw.ratings, {SplitKind::kLeaveOneOut, 0.0, val, 1});
    const auto test = per_user(raw, split, Split::kTest), valid = per_user(raw, split, Split::kVal);
    for (uint32_t u = 0; u < 4; ++u) {
      ASSERT_EQ(test[u].size(), 1u) << u;
      EXPECT_EQ(test[u][0], latest_of(u, 0));
      EXPECT_EQ(valid[u].size(), val > 0 ? 1u : 0u);
      if (val > 0) {
        EXPECT_EQ(valid[u][0], latest_of(u, 1));
      }
    }
  }
  // A user's only rating stays in training; with two, one goes to test.
  RawTables two = testing::make_raw_tables(2, 5, 3);  // user 0: 2 ratings, user 1: 1
  const auto split = assign_splits(two.ratings, {SplitKind::kLeaveOneOut, 0.0, 0.1, 1});
  EXPECT_EQ(per_user(two, split, Split::kTest)[0].size(), 1u);
  EXPECT_EQ(per_user(two, split, Split::kVal)[0].size(), 0u);
  EXPECT_EQ(per_user(two, split, Split::kTrain)[1].size(), 1u);
  EXPECT_EQ(parse_split_kind("leave-one-out"), SplitKind::kLeaveOneOut);
  EXPECT_EQ(std::string(split_kind_name(SplitKind::kPerUser)), "per-user");
}

}  // namespace
}  // namespace cinerec
