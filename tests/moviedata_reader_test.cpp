#include <gtest/gtest.h>

#include "host/data/source/source_reader.h"
#include "tests/reader_checks.h"
#include "tests/source_fixtures.h"

namespace cinerec::testing {
namespace {

constexpr const char* kBob = "0ab7e3efacd56983f16503572d2b9915";
constexpr const char* kAnn = "84dfd3f91dd85ea105bc74a4f0d7a067";

RawTables read(const std::filesystem::path& dir, BadRowBudget& bad) {
  return read_moviedata(dir, bad);
}

void expect_movie(const RawMovie& movie, const std::string& id, const std::string& title,
                  const std::vector<std::string>& genres, int32_t year) {
  EXPECT_EQ(movie.id, id);
  EXPECT_EQ(movie.title, title);
  EXPECT_EQ(movie.genres, genres);
  EXPECT_EQ(movie.year, year);
}

TEST(MoviedataReader, ReadsEveryValue) {
  const ScratchDir dir;
  write_files(dir.path(), moviedata_fixture().files);
  BadRowBudget bad(0);
  const RawTables t = read_moviedata(dir.path(), bad);

  EXPECT_EQ(t.format, "moviedata");
  ASSERT_EQ(t.users.size(), 2u);
  EXPECT_EQ(t.users[0].id, kBob);
  EXPECT_EQ(t.users[1].id, kAnn);
  for (const RawUser& user : t.users) {
    EXPECT_EQ(user.gender, "");
    EXPECT_EQ(user.age, "");
    EXPECT_EQ(user.job, "");
  }

  ASSERT_EQ(t.movies.size(), 3u);
  expect_movie(t.movies[0], "1292052", "肖申克的救赎 The Shawshank Redemption", {"犯罪", "剧情"},
               1994);
  expect_movie(t.movies[1], "1291546", "霸王别姬", {"剧情", "爱情", "同性"}, 0);
  expect_movie(t.movies[2], "1300000", "Untitled, \"draft\"", {}, 0);

  ASSERT_EQ(t.ratings.size(), 3u);
  const struct {
    uint32_t user, movie;
    float value;
    int64_t timestamp;
  } expected[] = {{0, 0, 5.0f, 1528021230}, {1, 1, 2.0f, 1577836799}, {1, 2, 3.0f, 1528021230}};
  for (size_t i = 0; i < t.ratings.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(t.ratings[i].user, expected[i].user);
    EXPECT_EQ(t.ratings[i].movie, expected[i].movie);
    EXPECT_EQ(t.ratings[i].value, expected[i].value);
    EXPECT_EQ(t.ratings[i].timestamp, expected[i].timestamp);
  }
}

TEST(MoviedataReader, AcceptsUserIdInsteadOfUserMd5) {
  const ScratchDir dir;
  SourceFiles files = moviedata_fixture().files;
  for (const char* name : {"users.csv", "ratings.csv"}) {
    std::string& text = files[name];
    text.replace(text.find("USER_MD5"), 8, "USER_ID");
  }
  write_files(dir.path(), files);
  BadRowBudget bad(0);
  const RawTables t = read_moviedata(dir.path(), bad);
  ASSERT_EQ(t.users.size(), 2u);
  EXPECT_EQ(t.users[1].id, kAnn);
  ASSERT_EQ(t.ratings.size(), 3u);
  EXPECT_EQ(t.ratings[1].user, 1u);
}

class MoviedataReaderBadRow : public ::testing::TestWithParam<BadRowCase> {};

TEST_P(MoviedataReaderBadRow, IsAnErrorOrACountedSkip) {
  expect_bad_row(read, moviedata_fixture(), GetParam());
}

const std::string kRatingPrefix = std::string("9,") + kAnn + ",";  // the movie id is at column 36

// movies.csv columns: MOVIE_ID,NAME,ALIAS,GENRES,YEAR,STORYLINE; its first movie spans lines
// 2-3, so appended rows land on line 6.
INSTANTIATE_TEST_SUITE_P(
    MoviedataReader, MoviedataReaderBadRow,
    ::testing::Values(
        BadRowCase{"UserIdWithSpace", "users.csv", 2, "a b,x",
                   "users.csv:2:1: expected USER_MD5 as a non-empty id without spaces, got \"a "
                   "b\""},
        BadRowCase{"UserIdEmpty", "users.csv", 2, ",x",
                   "users.csv:2:1: expected USER_MD5 as a non-empty id without spaces, got \"\""},
        BadRowCase{"UserFieldCount", "users.csv", 2, "abc",
                   "users.csv:2:1: expected 2 fields, got 1"},
        BadRowCase{"DuplicateUser", "users.csv", 0, std::string(kAnn) + ",dup",
                   std::string("users.csv:4:1: duplicate user id \"") + kAnn +
                       "\" (first defined on line 3)"},
        BadRowCase{"MovieIdNotDigits", "movies.csv", 2, "x1,N,,,2000,",
                   "movies.csv:2:1: expected MOVIE_ID as digits, got \"x1\""},
        BadRowCase{"Year", "movies.csv", 2, "5,N,,,20x0,",
                   "movies.csv:2:7: expected YEAR as an integer in [0, 9999], got \"20x0\""},
        BadRowCase{"MovieFieldCount", "movies.csv", 2, "5,N,,,",
                   "movies.csv:2:1: expected 6 fields, got 5"},
        BadRowCase{"DuplicateMovie", "movies.csv", 0, "1291546,Again,,,,",
                   "movies.csv:6:1: duplicate movie id \"1291546\" (first defined on line 4)"},
        BadRowCase{"InvalidUtf8", "movies.csv", 2, "5,\xFF,,,,", "movies.csv:2:3: invalid UTF-8"},
        BadRowCase{"UnterminatedQuote", "movies.csv", 0, "5,N,,,,\"story",
                   "movies.csv:6:8: unterminated quoted field"},
        BadRowCase{"UnknownUser", "ratings.csv", 2, "9,ffff,1292052,5,0",
                   "ratings.csv:2:3: unknown user \"ffff\""},
        BadRowCase{"RatingUserWithSpace", "ratings.csv", 2, "9,a b,1292052,5,0",
                   "ratings.csv:2:3: expected USER_MD5 as a non-empty id without spaces"},
        BadRowCase{"UnknownMovie", "ratings.csv", 2, kRatingPrefix + "1,5,0",
                   "ratings.csv:2:36: unknown movie \"1\""},
        BadRowCase{"RatingZero", "ratings.csv", 2, kRatingPrefix + "1292052,0,0",
                   "ratings.csv:2:44: expected RATING as an integer in [1, 5], got \"0\""},
        BadRowCase{"RatingTime", "ratings.csv", 2, kRatingPrefix + "1292052,5,2018-06-31 10:00:00",
                   "ratings.csv:2:46: expected RATING_TIME as Unix seconds or \"YYYY-MM-DD "
                   "HH:MM:SS\", got \"2018-06-31 10:00:00\""}),
    case_name);

class MoviedataReaderBadFile : public ::testing::TestWithParam<BadFileCase> {};

TEST_P(MoviedataReaderBadFile, IsAnError) {
  expect_bad_file(read, moviedata_fixture(), GetParam());
}

std::vector<BadFileCase> bad_files() {
  std::vector<BadFileCase> cases = file_level_cases(moviedata_fixture(), true);
  cases.push_back({"NoUserColumn", "users.csv", "NICK\nx\n",
                   "users.csv:1: missing column USER_MD5 or USER_ID"});
  cases.push_back({"NoYearColumn", "movies.csv", "MOVIE_ID,NAME,GENRES\n1,A,\n",
                   "movies.csv:1: missing column YEAR (columns present: \"MOVIE_ID\", \"NAME\", "
                   "\"GENRES\")"});
  return cases;
}

INSTANTIATE_TEST_SUITE_P(MoviedataReader, MoviedataReaderBadFile, ::testing::ValuesIn(bad_files()),
                         file_case_name);

}  // namespace
}  // namespace cinerec::testing
