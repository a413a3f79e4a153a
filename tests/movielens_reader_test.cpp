#include <gtest/gtest.h>

#include <stdexcept>

#include "host/data/source/source_reader.h"
#include "tests/reader_checks.h"
#include "tests/source_fixtures.h"

namespace cinerec::testing {
namespace {

const std::string kMiserables = "Mis\xC3\xA9rables, Les (1995)";  // UTF-8

struct ExpectedRating {
  uint32_t user, movie;
  float value;
  int64_t timestamp;
  SourceFold fold = SourceFold::kNone;
};

void expect_ratings(const std::vector<RawRating>& ratings,
                    const std::vector<ExpectedRating>& expected) {
  ASSERT_EQ(ratings.size(), expected.size());
  for (size_t i = 0; i < ratings.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(ratings[i].user, expected[i].user);
    EXPECT_EQ(ratings[i].movie, expected[i].movie);
    EXPECT_EQ(ratings[i].value, expected[i].value);
    EXPECT_EQ(ratings[i].timestamp, expected[i].timestamp);
    EXPECT_EQ(ratings[i].fold, expected[i].fold);
  }
}

void expect_user(const RawUser& user, const std::string& id, const std::string& gender,
                 const std::string& age, const std::string& job) {
  EXPECT_EQ(user.id, id);
  EXPECT_EQ(user.gender, gender);
  EXPECT_EQ(user.age, age);
  EXPECT_EQ(user.job, job);
}

void expect_movie(const RawMovie& movie, const std::string& id, const std::string& title,
                  const std::vector<std::string>& genres, int32_t year) {
  EXPECT_EQ(movie.id, id);
  EXPECT_EQ(movie.title, title);
  EXPECT_EQ(movie.genres, genres);
  EXPECT_EQ(movie.year, year);
}

RawTables read_fixture(const SourceFiles& files, const std::string& format,
                       const std::optional<std::string>& fold = std::nullopt) {
  const ScratchDir dir;
  write_files(dir.path(), files);
  BadRowBudget bad(0);
  return read_source(format, dir.path(), bad, fold);
}

// ---- ml-1m ----

RawTables read_1m(const std::filesystem::path& dir, BadRowBudget& bad) {
  return read_ml1m(dir, bad);
}

TEST(Ml1mReader, ReadsEveryValue) {
  const RawTables t = read_fixture(ml1m_fixture().files, "ml-1m");
  EXPECT_EQ(t.format, "ml-1m");
  ASSERT_EQ(t.users.size(), 2u);
  expect_user(t.users[0], "1", "F", "1", "10");
  expect_user(t.users[1], "2", "M", "56", "16");
  ASSERT_EQ(t.movies.size(), 2u);
  expect_movie(t.movies[0], "1", "Toy Story (1995)", {"Animation", "Children's", "Comedy"}, 1995);
  expect_movie(t.movies[1], "2", kMiserables, {"Drama", "Musical"}, 1995);
  expect_ratings(t.ratings,
                 {{0, 0, 5.0f, 978300760}, {1, 1, 3.0f, 978302109}, {0, 1, 4.0f, 978301968}});
}

// Every file of `files` with a UTF-8 byte order mark in front, as an editor saving it would add.
SourceFiles with_bom(SourceFiles files) {
  for (auto& [name, text] : files)
    text = "\xEF\xBB\xBF" + text;
  return files;
}

// The mark is dropped before Latin-1 transcoding, as it is in UTF-8 files, so the first id of
// each file reads as itself rather than as "ï»¿1".
TEST(Ml1mReader, SkipsAUtf8Bom) {
  const RawTables t = read_fixture(with_bom(ml1m_fixture().files), "ml-1m");
  ASSERT_EQ(t.users.size(), 2u);
  expect_user(t.users[0], "1", "F", "1", "10");
  ASSERT_EQ(t.movies.size(), 2u);
  expect_movie(t.movies[1], "2", kMiserables, {"Drama", "Musical"}, 1995);
  expect_ratings(t.ratings,
                 {{0, 0, 5.0f, 978300760}, {1, 1, 3.0f, 978302109}, {0, 1, 4.0f, 978301968}});
}

class Ml1mReaderBadRow : public ::testing::TestWithParam<BadRowCase> {};

TEST_P(Ml1mReaderBadRow, IsAnErrorOrACountedSkip) {
  expect_bad_row(read_1m, ml1m_fixture(), GetParam());
}

INSTANTIATE_TEST_SUITE_P(
    Ml1mReader, Ml1mReaderBadRow,
    ::testing::Values(
        BadRowCase{"UserFieldCount", "users.dat", 1, "3::F::1::10",
                   "users.dat:1:1: expected 5 fields, got 4"},
        BadRowCase{"UserIdNotDigits", "users.dat", 1, "x::F::1::10::0",
                   "users.dat:1:1: expected UserID as digits, got \"x\""},
        BadRowCase{"Gender", "users.dat", 1, "3::Q::1::10::0",
                   "users.dat:1:4: expected Gender as F or M, got \"Q\""},
        BadRowCase{"Age", "users.dat", 1, "3::F::2::10::0",
                   "users.dat:1:7: expected Age as one of 1, 18, 25, 35, 45, 50, 56, got \"2\""},
        BadRowCase{"Occupation", "users.dat", 1, "3::F::1::99::0",
                   "users.dat:1:10: expected Occupation as an integer in [0, 20], got \"99\""},
        BadRowCase{"DuplicateUser", "users.dat", 0, "1::M::25::0::0",
                   "users.dat:3:1: duplicate user id \"1\" (first defined on line 1)"},
        BadRowCase{"MovieFieldCount", "movies.dat", 1, "3::Title",
                   "movies.dat:1:1: expected 3 fields, got 2"},
        BadRowCase{"MovieIdNotDigits", "movies.dat", 1, "x::T::Drama",
                   "movies.dat:1:1: expected MovieID as digits, got \"x\""},
        BadRowCase{"DuplicateMovie", "movies.dat", 0, "2::Again (2000)::Drama",
                   "movies.dat:3:1: duplicate movie id \"2\" (first defined on line 2)"},
        BadRowCase{"RatingFieldCount", "ratings.dat", 1, "1::1::5",
                   "ratings.dat:1:1: expected 4 fields, got 3"},
        BadRowCase{"UnknownUser", "ratings.dat", 1, "9::1::5::0",
                   "ratings.dat:1:1: unknown user \"9\""},
        BadRowCase{"UnknownMovie", "ratings.dat", 1, "1::9::5::0",
                   "ratings.dat:1:4: unknown movie \"9\""},
        BadRowCase{"NulInTitle", "movies.dat", 1, std::string("3::T\0::Drama", 12),
                   "movies.dat:1:5: NUL byte"},
        BadRowCase{"RatingWithPlus", "ratings.dat", 1, "1::1::+5::0",
                   "ratings.dat:1:7: expected Rating as an integer in [1, 5], got \"+5\""},
        BadRowCase{"RatingZero", "ratings.dat", 1, "1::1::0::0",
                   "ratings.dat:1:7: expected Rating as an integer in [1, 5], got \"0\""},
        BadRowCase{"Timestamp", "ratings.dat", 1, "1::1::5::soon",
                   "ratings.dat:1:10: expected Timestamp as Unix seconds"}),
    case_name);

class Ml1mReaderBadFile : public ::testing::TestWithParam<BadFileCase> {};

TEST_P(Ml1mReaderBadFile, IsAnError) {
  expect_bad_file(read_1m, ml1m_fixture(), GetParam());
}

INSTANTIATE_TEST_SUITE_P(Ml1mReader, Ml1mReaderBadFile,
                         ::testing::ValuesIn(file_level_cases(ml1m_fixture(), false)),
                         file_case_name);

TEST(Ml1mReader, TenMegabyteLineIsABadRow) {
  expect_bad_row(read_1m, ml1m_fixture(),
                 {"", "movies.dat", 2, "3::" + std::string(10 << 20, 'x') + "::Drama",
                  "movies.dat:2:1: line longer than 1048576 bytes"});
}

// ---- ml-100k ----

RawTables read_100k(const std::filesystem::path& dir, BadRowBudget& bad) {
  return read_ml100k(dir, bad, std::nullopt);
}

TEST(Ml100kReader, ReadsEveryValue) {
  const RawTables t = read_fixture(ml100k_fixture().files, "ml-100k");
  EXPECT_EQ(t.format, "ml-100k");
  ASSERT_EQ(t.users.size(), 2u);
  expect_user(t.users[0], "1", "M", "18", "artist");
  expect_user(t.users[1], "2", "F", "50", "other");
  ASSERT_EQ(t.movies.size(), 2u);
  expect_movie(t.movies[0], "1", "Toy Story (1995)",
               {"Action",
                "Com\xC3\xA9"
                "die"},
               1995);
  expect_movie(t.movies[1], "2", kMiserables, {"unknown"}, 1995);
  expect_ratings(t.ratings,
                 {{0, 0, 5.0f, 874965758}, {1, 1, 3.0f, 876893171}, {0, 1, 4.0f, 874965478}});
}

TEST(Ml100kReader, SkipsAUtf8Bom) {
  const RawTables t = read_fixture(with_bom(ml100k_fixture().files), "ml-100k");
  ASSERT_EQ(t.users.size(), 2u);
  expect_user(t.users[0], "1", "M", "18", "artist");
  ASSERT_EQ(t.movies.size(), 2u);
  EXPECT_EQ(t.movies[0].id, "1");
  EXPECT_EQ(t.movies[0].genres, (std::vector<std::string>{"Action", "Comédie"}));
  ASSERT_EQ(t.ratings.size(), 3u);
  EXPECT_EQ(t.ratings[0].timestamp, 874965758);
}

TEST(Ml100kReader, BucketsAgesIntoMl1mCodes) {
  const std::vector<std::pair<int, std::string>> ages{
      {1, "1"},   {17, "1"},  {18, "18"}, {24, "18"}, {25, "25"}, {34, "25"}, {35, "35"},
      {44, "35"}, {45, "45"}, {49, "45"}, {50, "50"}, {55, "50"}, {56, "56"}, {150, "56"}};
  SourceFiles files = ml100k_fixture().files;
  files["u.user"].clear();
  for (size_t i = 0; i < ages.size(); ++i) {
    files["u.user"] += std::to_string(i + 1) + "|" + std::to_string(ages[i].first) + "|F|other|0\n";
  }
  const RawTables t = read_fixture(files, "ml-100k");
  ASSERT_EQ(t.users.size(), ages.size());
  for (size_t i = 0; i < ages.size(); ++i) {
    EXPECT_EQ(t.users[i].age, ages[i].second) << "age " << ages[i].first;
  }
}

TEST(Ml100kReader, NamesGenresByTheStandardListWithoutUGenre) {
  SourceFiles files = ml100k_fixture().files;
  files.erase("u.genre");
  std::string flags;
  for (int g = 0; g < 19; ++g)
    flags += (g == 0 || g == 4 || g == 10 || g == 18) ? "|1" : "|0";
  files["u.item"] = "1|Toy Story (1995)|||" + flags + "\n2|Other|||" + flags + "\n";
  const RawTables t = read_fixture(files, "ml-100k");
  ASSERT_EQ(t.movies.size(), 2u);
  expect_movie(t.movies[0], "1", "Toy Story (1995)",
               {"unknown", "Children's", "Film-Noir", "Western"}, 1995);
  expect_movie(t.movies[1], "2", "Other", {"unknown", "Children's", "Film-Noir", "Western"}, 0);
}

TEST(Ml100kReader, ReadsAFoldFromBaseAndTest) {
  SourceFiles files = ml100k_fixture().files;
  files.erase("u.data");
  files["u1.base"] = "1\t1\t5\t10\n2\t2\t3\t20\n";
  files["u1.test"] = "1\t2\t4\t30\n";
  const RawTables t = read_fixture(files, "ml-100k", "u1");
  expect_ratings(t.ratings, {{0, 0, 5.0f, 10, SourceFold::kBase},
                             {1, 1, 3.0f, 20, SourceFold::kBase},
                             {0, 1, 4.0f, 30, SourceFold::kTest}});

  files.erase("u1.test");
  const ScratchDir dir;
  write_files(dir.path(), files);
  BadRowBudget bad(0);
  try {
    read_ml100k(dir.path(), bad, "u1");
    ADD_FAILURE() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_TRUE(contains(e.what(), "u1.test: cannot open")) << e.what();
  }
}

TEST(Ml100kReader, RejectsAnUnknownFold) {
  BadRowBudget bad(0);
  try {
    read_ml100k("/nonexistent", bad, "u6");
    ADD_FAILURE() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "unknown ml-100k fold \"u6\" (expected u1, u2, u3, u4, u5, ua or ub)");
  }
}

class Ml100kReaderBadRow : public ::testing::TestWithParam<BadRowCase> {};

TEST_P(Ml100kReaderBadRow, IsAnErrorOrACountedSkip) {
  expect_bad_row(read_100k, ml100k_fixture(), GetParam());
}

// u.item has 5 fixed fields and one flag per genre of u.genre (3 here); u.genre ends with a blank
// line, so an appended row lands on line 5.
INSTANTIATE_TEST_SUITE_P(
    Ml100kReader, Ml100kReaderBadRow,
    ::testing::Values(
        BadRowCase{"UserFieldCount", "u.user", 1, "5|30|M|artist",
                   "u.user:1:1: expected 5 fields, got 4"},
        BadRowCase{"UserIdNotDigits", "u.user", 1, "x|30|M|artist|0",
                   "u.user:1:1: expected user id as digits, got \"x\""},
        BadRowCase{"AgeNotNumeric", "u.user", 1, "5|old|M|artist|0",
                   "u.user:1:3: expected age as an integer in [1, 150], got \"old\""},
        BadRowCase{"AgeZero", "u.user", 1, "5|0|M|artist|0",
                   "u.user:1:3: expected age as an integer in [1, 150], got \"0\""},
        BadRowCase{"Gender", "u.user", 1, "5|30|X|artist|0",
                   "u.user:1:6: expected gender as F or M, got \"X\""},
        BadRowCase{"Occupation", "u.user", 1, "5|30|M|pilot|0",
                   "u.user:1:8: expected an occupation listed in u.occupation, got \"pilot\""},
        BadRowCase{"DuplicateUser", "u.user", 0, "2|30|M|artist|0",
                   "u.user:3:1: duplicate user id \"2\" (first defined on line 2)"},
        BadRowCase{"OccupationFieldCount", "u.occupation", 1, "a|b",
                   "u.occupation:1:1: expected 1 fields, got 2"},
        BadRowCase{"GenreIndex", "u.genre", 0, "Drama|5",
                   "u.genre:5:7: expected genre index as an integer in [3, 3], got \"5\""},
        BadRowCase{"GenreFieldCount", "u.genre", 0, "Drama",
                   "u.genre:5:1: expected 2 fields, got 1"},
        BadRowCase{"ItemFieldCount", "u.item", 1, "3|T|||", "u.item:1:1: expected 8 fields, got 5"},
        BadRowCase{"ItemIdNotDigits", "u.item", 1, "x|T||||0|0|0",
                   "u.item:1:1: expected movie id as digits, got \"x\""},
        BadRowCase{"GenreFlag", "u.item", 1, "3|T||||0|2|0",
                   "u.item:1:10: expected Action flag as an integer in [0, 1], got \"2\""},
        BadRowCase{"DuplicateMovie", "u.item", 0, "1|Again (1999)||||0|0|0",
                   "u.item:3:1: duplicate movie id \"1\" (first defined on line 1)"},
        BadRowCase{"RatingFieldCount", "u.data", 1, "1\t1\t5",
                   "u.data:1:1: expected 4 fields, got 3"},
        BadRowCase{"RatingItemNotDigits", "u.data", 1, "1\tx\t5\t0",
                   "u.data:1:3: expected item id as digits, got \"x\""},
        BadRowCase{"UnknownUser", "u.data", 1, "9\t1\t5\t0", "u.data:1:1: unknown user \"9\""},
        BadRowCase{"UnknownMovie", "u.data", 1, "1\t9\t5\t0", "u.data:1:3: unknown movie \"9\""},
        BadRowCase{"RatingTooHigh", "u.data", 1, "1\t1\t6\t0",
                   "u.data:1:5: expected rating as an integer in [1, 5], got \"6\""},
        BadRowCase{"Timestamp", "u.data", 1, "1\t1\t5\tx",
                   "u.data:1:7: expected timestamp as Unix seconds"}),
    case_name);

class Ml100kReaderBadFile : public ::testing::TestWithParam<BadFileCase> {};

TEST_P(Ml100kReaderBadFile, IsAnError) {
  expect_bad_file(read_100k, ml100k_fixture(), GetParam());
}

// u.genre is optional: only its absence is not an error.
std::vector<BadFileCase> ml100k_bad_files() {
  std::vector<BadFileCase> cases = file_level_cases(ml100k_fixture(), false);
  std::erase_if(cases, [](const BadFileCase& c) { return c.name == "u_genre_Missing"; });
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Ml100kReader, Ml100kReaderBadFile, ::testing::ValuesIn(ml100k_bad_files()),
                         file_case_name);

}  // namespace
}  // namespace cinerec::testing
