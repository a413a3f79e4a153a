#include <gtest/gtest.h>

#include "host/data/source/source_reader.h"
#include "tests/reader_checks.h"
#include "tests/source_fixtures.h"

namespace cinerec::testing {
namespace {

using std::string_literals::operator""s;

RawTables read(const std::filesystem::path& dir, BadRowBudget& bad) {
  return read_douban(dir, bad);
}

TEST(DoubanReader, ReadsEveryValue) {
  const ScratchDir dir;
  write_files(dir.path(), douban_fixture().files);
  BadRowBudget bad(0);
  const RawTables t = read_douban(dir.path(), bad);

  EXPECT_EQ(t.format, "douban");
  ASSERT_EQ(t.users.size(), 2u);
  EXPECT_EQ(t.users[0].id, "1");
  EXPECT_EQ(t.users[0].gender, "F");
  EXPECT_EQ(t.users[0].age, "1");
  EXPECT_EQ(t.users[0].job, "10");
  EXPECT_EQ(t.users[1].id, "2");
  EXPECT_EQ(t.users[1].gender, "M");
  EXPECT_EQ(t.users[1].age, "56");
  EXPECT_EQ(t.users[1].job, "0");

  ASSERT_EQ(t.movies.size(), 2u);
  EXPECT_EQ(t.movies[0].id, "10");
  EXPECT_EQ(t.movies[0].title, "Hello, \"World\"\nPart 2 (1999)");
  EXPECT_EQ(t.movies[0].genres, (std::vector<std::string>{"Drama", "Comedy", "Action"}));
  EXPECT_EQ(t.movies[0].year, 1999);
  EXPECT_EQ(t.movies[1].id, "20");
  EXPECT_EQ(t.movies[1].title, "霸王别姬");
  EXPECT_EQ(t.movies[1].genres, (std::vector<std::string>{"剧情", "爱情"}));
  EXPECT_EQ(t.movies[1].year, 0);

  ASSERT_EQ(t.ratings.size(), 4u);
  const struct {
    uint32_t user, movie;
    float value;
    int64_t timestamp;
  } expected[] = {{0, 0, 5.0f, 1000000000},
                  {1, 1, 1.0f, 1000000000},
                  {0, 1, 3.0f, 0},
                  {0, 0, 4.0f, 1000000001}};  // a repeated (user, movie) pair is kept
  for (size_t i = 0; i < t.ratings.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(t.ratings[i].user, expected[i].user);
    EXPECT_EQ(t.ratings[i].movie, expected[i].movie);
    EXPECT_EQ(t.ratings[i].value, expected[i].value);
    EXPECT_EQ(t.ratings[i].timestamp, expected[i].timestamp);
    EXPECT_EQ(t.ratings[i].fold, SourceFold::kNone);
  }
  EXPECT_EQ(bad.count(), 0u);
}

TEST(DoubanReader, AcceptsCrlfLineEnds) {
  const ScratchDir dir;
  SourceFiles files = douban_fixture().files;
  for (auto& [name, text] : files) {
    std::string crlf;
    for (char c : text)
      crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    text = crlf;
  }
  write_files(dir.path(), files);
  BadRowBudget bad(0);
  const RawTables t = read_douban(dir.path(), bad);
  ASSERT_EQ(t.movies.size(), 2u);
  EXPECT_EQ(t.movies[1].genres, (std::vector<std::string>{"剧情", "爱情"}));  // the last column
  ASSERT_EQ(t.ratings.size(), 4u);
  EXPECT_EQ(t.ratings[3].timestamp, 1000000001);
}

class DoubanReaderBadRow : public ::testing::TestWithParam<BadRowCase> {};

TEST_P(DoubanReaderBadRow, IsAnErrorOrACountedSkip) {
  expect_bad_row(read, douban_fixture(), GetParam());
}

// users.csv columns: Gender,UserID,Age,JobID,Note. Movie 20 is on line 4 of movies.csv (movie 10
// spans lines 2-3), so appended rows land on line 5 there and on line 4 of users.csv.
INSTANTIATE_TEST_SUITE_P(
    DoubanReader, DoubanReaderBadRow,
    ::testing::Values(
        BadRowCase{"UserFieldCount", "users.csv", 2, "F,3,1,10",
                   "users.csv:2:1: expected 5 fields, got 4"},
        BadRowCase{"UserIdNotDigits", "users.csv", 2, "F,u3,1,10,",
                   "users.csv:2:3: expected UserID as digits, got \"u3\""},
        BadRowCase{"UserIdEmpty", "users.csv", 2, "F,,1,10,",
                   "users.csv:2:3: expected UserID as digits, got \"\""},
        BadRowCase{
            "UserIdLong", "users.csv", 2, "F,u" + std::string(5000, '7') + ",1,10,",
            "users.csv:2:3: expected UserID as digits, got \"u" + std::string(39, '7') + "...\""},
        BadRowCase{"Gender", "users.csv", 2, "X,3,1,10,",
                   "users.csv:2:1: expected Gender as F or M, got \"X\""},
        BadRowCase{"Age", "users.csv", 2, "F,3,17,10,",
                   "users.csv:2:5: expected Age as one of 1, 18, 25, 35, 45, 50, 56, got \"17\""},
        BadRowCase{"JobOutOfRange", "users.csv", 2, "F,3,1,21,",
                   "users.csv:2:7: expected JobID as an integer in [0, 20], got \"21\""},
        BadRowCase{"JobNotNumeric", "users.csv", 2, "F,3,1,cook,",
                   "users.csv:2:7: expected JobID as an integer in [0, 20], got \"cook\""},
        BadRowCase{"DuplicateUser", "users.csv", 0, "M,1,25,3,",
                   "users.csv:4:3: duplicate user id \"1\" (first defined on line 2)"},
        BadRowCase{"MovieFieldCount", "movies.csv", 2, "30,Title",
                   "movies.csv:2:1: expected 3 fields, got 2"},
        BadRowCase{"MovieIdNotDigits", "movies.csv", 2, "3O,Title,Drama",
                   "movies.csv:2:1: expected MovieID as digits, got \"3O\""},
        BadRowCase{"DuplicateMovie", "movies.csv", 0, "20,Again,Drama",
                   "movies.csv:5:1: duplicate movie id \"20\" (first defined on line 4)"},
        BadRowCase{"InvalidUtf8", "movies.csv", 2, "30,Caf\xC3(,Drama",
                   "movies.csv:2:7: invalid UTF-8"},
        BadRowCase{"NulInTitle", "movies.csv", 2, "30,\"Ti\0tle\",Drama"s,
                   "movies.csv:2:7: NUL byte"},
        BadRowCase{"JunkAfterQuote", "movies.csv", 2, "30,\"Title\"x,Drama",
                   "movies.csv:2:11: expected delimiter or end of line after closing quote"},
        BadRowCase{"UnterminatedQuote", "movies.csv", 0, "30,\"Title,Drama",
                   "movies.csv:5:4: unterminated quoted field"},
        BadRowCase{"RatingFieldCount", "ratings.csv", 2, "5,1,10,5",
                   "ratings.csv:2:1: expected 5 fields, got 4"},
        BadRowCase{"RatingIdNotDigits", "ratings.csv", 2, "abc,1,10,5,0",
                   "ratings.csv:2:1: expected RatingID as digits, got \"abc\""},
        BadRowCase{"RatingIdEmpty", "ratings.csv", 2, ",1,10,5,0",
                   "ratings.csv:2:1: expected RatingID as digits, got \"\""},
        BadRowCase{"DuplicateRatingId", "ratings.csv", 0, "3,2,10,2,0",
                   "ratings.csv:6:1: duplicate rating id \"3\" (first defined on line 4)"},
        BadRowCase{"RatingUserNotDigits", "ratings.csv", 2, "5,x,10,5,0",
                   "ratings.csv:2:3: expected UserID as digits, got \"x\""},
        BadRowCase{"UnknownUser", "ratings.csv", 2, "5,9,10,5,0",
                   "ratings.csv:2:3: unknown user \"9\""},
        BadRowCase{"UnknownMovie", "ratings.csv", 2, "5,1,99,5,0",
                   "ratings.csv:2:5: unknown movie \"99\""},
        BadRowCase{"RatingTooHigh", "ratings.csv", 2, "5,1,10,6,0",
                   "ratings.csv:2:8: expected Rating as an integer in [1, 5], got \"6\""},
        BadRowCase{"RatingNotInteger", "ratings.csv", 2, "5,1,10,4.5,0",
                   "ratings.csv:2:8: expected Rating as an integer in [1, 5], got \"4.5\""},
        BadRowCase{"RatingWithPlus", "ratings.csv", 2, "5,1,10,+3,0",
                   "ratings.csv:2:8: expected Rating as an integer in [1, 5], got \"+3\""},
        BadRowCase{"RatingWithSpace", "ratings.csv", 2, "5,1,10, 3,0",
                   "ratings.csv:2:8: expected Rating as an integer in [1, 5], got \" 3\""},
        BadRowCase{"TimestampWithSpace", "ratings.csv", 2, "5,1,10,3, 0",
                   "ratings.csv:2:10: expected Timestamp as Unix seconds"},
        BadRowCase{"TimestampNotADate", "ratings.csv", 2, "5,1,10,5,2001-02-29 00:00:00",
                   "ratings.csv:2:10: expected Timestamp as Unix seconds or \"YYYY-MM-DD "
                   "HH:MM:SS\", got \"2001-02-29 00:00:00\""},
        BadRowCase{"TimestampText", "ratings.csv", 2, "5,1,10,5,soon",
                   "ratings.csv:2:10: expected Timestamp as Unix seconds"}),
    case_name);

class DoubanReaderBadFile : public ::testing::TestWithParam<BadFileCase> {};

TEST_P(DoubanReaderBadFile, IsAnError) {
  expect_bad_file(read, douban_fixture(), GetParam());
}

std::vector<BadFileCase> bad_files() {
  std::vector<BadFileCase> cases = file_level_cases(douban_fixture(), true);
  cases.push_back(
      {"MissingColumn", "movies.csv", "MovieID,Title\n1,A\n",
       "movies.csv:1: missing column Genres (columns present: \"MovieID\", \"Title\")"});
  cases.push_back({"MissingRatingId", "ratings.csv", "UserID,MovieID,Rating,Timestamp\n1,10,5,0\n",
                   "ratings.csv:1: missing column RatingID"});
  cases.push_back({"CrOnlyLineEnds", "ratings.csv",
                   "RatingID,UserID,MovieID,Rating,Timestamp\r1,1,10,5,0\r2,2,20,1,0\r",
                   "ratings.csv: line endings are CR only (old Mac); convert to LF or CRLF"});
  cases.push_back({"MissingTimestamp", "ratings.csv", "UserID,MovieID,Rating\n1,10,5\n",
                   "ratings.csv:1: missing column Timestamp"});
  return cases;
}

INSTANTIATE_TEST_SUITE_P(DoubanReader, DoubanReaderBadFile, ::testing::ValuesIn(bad_files()),
                         file_case_name);

TEST(DoubanReader, RefusesANonRegularRatingsFile) {
  expect_non_regular_refused(read, douban_fixture(), "ratings.csv");
}

// However generous the budget, a file of nothing but bad rows leaves nothing to prepare.
TEST(DoubanReader, RatingsThatAreAllBadRowsAreAnError) {
  const ScratchDir dir;
  SourceFiles files = douban_fixture().files;
  files["ratings.csv"] = "RatingID,UserID,MovieID,Rating,Timestamp\n1,9,10,5,0\n2,1,10,7,0\n";
  write_files(dir.path(), files);
  const std::string error = read_error(read, dir.path(), 100);
  EXPECT_TRUE(contains(error, "ratings.csv: all 2 rows were skipped as bad rows (first: "))
      << error;
  EXPECT_TRUE(contains(error, "ratings.csv:2:3: unknown user \"9\")")) << error;
}

TEST(DoubanReader, TenMegabyteLineIsABadRow) {
  expect_bad_row(read, douban_fixture(),
                 {"", "ratings.csv", 3, "5,1,10,5," + std::string(10 << 20, '9'),
                  "ratings.csv:3:1: line longer than 1048576 bytes"});
}

TEST(DoubanReader, BadRowsBeyondTheBudgetAreAnError) {
  const ScratchDir dir;
  SourceFiles files = douban_fixture().files;
  files["ratings.csv"] = insert_line(files["ratings.csv"], 2, "5,9,10,5,0");
  files["ratings.csv"] = insert_line(files["ratings.csv"], 4, "6,1,10,0,0");
  write_files(dir.path(), files);
  EXPECT_TRUE(contains(read_error(read, dir.path(), 1),
                       "ratings.csv:4:8: expected Rating as an integer in [1, 5], got \"0\" "
                       "(bad-row limit of 1 reached; raise --max-bad-rows to skip more)"));
  BadRowBudget bad(2);
  EXPECT_EQ(read_douban(dir.path(), bad).ratings.size(), 4u);
  EXPECT_EQ(bad.count(), 2u);
}

}  // namespace
}  // namespace cinerec::testing
