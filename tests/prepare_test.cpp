#include "host/data/prepare/prepare.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "tests/raw_tables_fixture.h"

namespace cinerec {
namespace {

Dataset prepare_small(RawTables raw, PrepareOptions options = {}) {
  return prepare_dataset(std::move(raw), options, {{"path", "fixture"}});
}

TEST(Prepare, KeepsOriginalIdsBothWays) {
  const Dataset d = prepare_small(testing::make_raw_tables(5, 8, 40));
  ASSERT_EQ(d.num_users(), 5u);
  ASSERT_EQ(d.num_movies(), 8u);
  EXPECT_EQ(d.user_ids()[3], "u103");
  EXPECT_EQ(d.user_ids().find("u103"), 3u);
  EXPECT_EQ(d.movie_ids()[7], "m5007");
  EXPECT_EQ(d.movie_ids().find("m5007"), 7u);
  EXPECT_FALSE(d.movie_ids().find("m9999").has_value());
}

TEST(Prepare, DemographicsHaveAnUnknownRowAndNumericOrder) {
  const Dataset d = prepare_small(testing::make_raw_tables(6, 4, 20));
  ASSERT_EQ(d.genders().size(), 3u);
  EXPECT_EQ(d.genders()[0], kUnknownName);
  EXPECT_EQ(d.genders()[1], "F");
  EXPECT_EQ(d.user_gender()[2], kUnknownValue);  // the fixture's third user has no gender
  EXPECT_EQ(d.user_gender()[1], 2u);             // "M"
  ASSERT_EQ(d.ages().size(), 5u);
  EXPECT_EQ(d.ages()[1], "1");
  EXPECT_EQ(d.ages()[2], "18");
  EXPECT_EQ(d.ages()[4], "56");
  EXPECT_EQ(d.jobs()[3], "2");  // "2" sorts before "10" numerically
}

TEST(Prepare, GenresAreOrderedByFrequencyAndListedPerMovie) {
  const Dataset d = prepare_small(testing::make_raw_tables(3, 6, 10));
  // Movies 0..5: {剧情,爱情}, {爱情}, {喜剧,剧情}, {剧情}, {爱情,喜剧}, {喜剧}: 3 each, byte order.
  ASSERT_EQ(d.genres().size(), 3u);
  EXPECT_EQ(d.genres()[0], "剧情");
  const auto g0 = d.movie_genres(0);
  ASSERT_EQ(g0.size(), 2u);
  EXPECT_EQ(d.genres()[g0[0]], "剧情");
  EXPECT_EQ(d.genres()[g0[1]], "爱情");
  EXPECT_EQ(d.movie_genres(1).size(), 1u);
}

TEST(Prepare, TitlesArePaddedTruncatedAndUseTheTrainingVocabulary) {
  RawTables raw = testing::make_raw_tables(2, 4, 4);
  raw.movies[3].title = "一二三四五六七八";  // only rated in test below
  // Movie 3 is rated only by the last rating; send every rating but that one to train.
  for (auto& r : raw.ratings)
    r.movie = 0;
  raw.ratings[3].movie = 3;
  raw.ratings[3].timestamp = 99999;
  PrepareOptions options;
  options.split = {SplitKind::kTemporal, 0.25, 0.0, 1};
  options.title_len = 4;
  const Dataset d = prepare_small(std::move(raw), options);
  ASSERT_EQ(d.title_len(), 4u);
  // Movie 0 "星球大战" is in train: four known tokens.
  const auto t0 = d.movie_title(0);
  EXPECT_EQ(d.tokens()[t0[0]], "星");
  EXPECT_EQ(d.tokens()[t0[3]], "战");
  // Movie 3's characters never occur in a training title: all <unk>, truncated to 4.
  for (int32_t t : d.movie_title(3))
    EXPECT_EQ(t, kUnknownToken);
  // Movie 2 "Toy Story 2 (1995)" is unrated: tokens toy/story/2 unknown (not in train), one pad.
  const auto t2 = d.movie_title(2);
  EXPECT_EQ(t2[3], kPadToken);
  EXPECT_EQ(d.tokens()[0], "<pad>");
  EXPECT_EQ(d.tokens()[1], "<unk>");
  EXPECT_EQ(d.manifest()["vocab_sizes"]["tokens"], 6u);  // pad, unk, 星球大战
}

TEST(Prepare, MinTokenCountSendsRareTokensToUnknown) {
  RawTables raw = testing::make_raw_tables(4, 4, 40);
  raw.movies[0].title = "稀有";
  raw.movies[1].title = "常见";
  raw.movies[2].title = "常见";
  PrepareOptions options;
  options.split.test_fraction = 0.0;
  options.min_token_count = 2;
  const Dataset d = prepare_small(std::move(raw), options);
  EXPECT_EQ(d.movie_title(0)[0], kUnknownToken);
  EXPECT_NE(d.movie_title(1)[0], kUnknownToken);
}

TEST(Prepare, ManifestRecordsCountsSplitAndDedup) {
  RawTables raw = testing::make_raw_tables(10, 20, 50);  // 50 distinct pairs
  raw.ratings.push_back(raw.ratings[0]);
  raw.ratings.back().timestamp += 100000;
  const Dataset d = prepare_small(std::move(raw));
  const auto& m = d.manifest();
  EXPECT_EQ(m["counts"]["ratings"], 50u);
  EXPECT_EQ(m["counts"]["test"], 10u);
  EXPECT_EQ(m["counts"]["train"], 40u);
  EXPECT_EQ(m["dedup"]["policy"], "latest");
  EXPECT_EQ(m["dedup"]["removed_rows"], 1u);
  EXPECT_EQ(m["source"]["format"], "douban");
  EXPECT_EQ(m["split"]["kind"], "random");
}

std::string prepare_error(RawTables raw, PrepareOptions options = {}) {
  try {
    prepare_small(std::move(raw), options);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "(no error)";
}

// Nothing can be trained on these, so no dataset is made of them.
TEST(Prepare, RefusesEmptyTables) {
  EXPECT_EQ(prepare_error(testing::make_raw_tables(0, 0, 0)), "nothing to train on: no users");
  RawTables no_movies = testing::make_raw_tables(2, 1, 0);
  no_movies.movies.clear();
  EXPECT_EQ(prepare_error(no_movies), "nothing to train on: no movies");
  EXPECT_EQ(prepare_error(testing::make_raw_tables(2, 2, 0)), "nothing to train on: no ratings");
}

TEST(Prepare, RefusesASplitWithoutTrainingRatings) {
  PrepareOptions options;
  options.split.test_fraction = 0.5;
  options.split.val_fraction = 0.5;  // of the one rating the test set leaves
  EXPECT_EQ(prepare_error(testing::make_raw_tables(2, 2, 2), options),
            "nothing to train on: the random split puts all 2 ratings in the test and validation "
            "sets (lower --test or --val)");
  options.split.val_fraction = 0.0;
  EXPECT_EQ(
      prepare_small(testing::make_raw_tables(2, 2, 2), options).split_indices(Split::kTrain).size(),
      1u);
}

// 300 movies x 2^58 tokens overflow; x 2^50 fit in 64 bits but in no machine's memory.
TEST(Prepare, RefusesTitleRowsThatOverflowOrDoNotFitInMemory) {
  PrepareOptions options;
  options.title_len = size_t{1} << 58;
  EXPECT_NE(prepare_error(testing::make_raw_tables(20, 300, 200), options)
                .find("--title-len: the size does not fit in 64 bits"),
            std::string::npos);
  options.title_len = size_t{1} << 50;
  const std::string why = prepare_error(testing::make_raw_tables(20, 300, 200), options);
  EXPECT_NE(why.find("the title tokens of 300 movies x --title-len 1125899906842624 needs"),
            std::string::npos)
      << why;
  EXPECT_NE(why.find(" are available"), std::string::npos) << why;
}

TEST(Prepare, RefusesZeroTitleLength) {
  PrepareOptions options;
  options.title_len = 0;
  EXPECT_THROW(prepare_small(testing::make_raw_tables(2, 2, 2), options), std::invalid_argument);
}

}  // namespace
}  // namespace cinerec
