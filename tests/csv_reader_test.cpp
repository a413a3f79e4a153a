#include "host/data/source/csv_reader.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "tests/test_util.h"

namespace cinerec {
namespace {

using cinerec::testing::make_fifo;
using cinerec::testing::ScratchDir;
using cinerec::testing::write_text;
using Lines = std::vector<std::string>;

CsvOptions with_delimiter(std::string delimiter, bool quoting = false) {
  CsvOptions options;
  options.delimiter = std::move(delimiter);
  options.quoting = quoting;
  return options;
}

// Every record as "line:[field][field]...", or "error: MESSAGE" for a malformed one.
Lines read_all(const std::filesystem::path& path, const CsvOptions& options = {}) {
  CsvReader reader(path, options);
  CsvRecord record;
  Lines out;
  for (;;) {
    try {
      if (!reader.next(record)) return out;
      std::string line = std::to_string(record.line) + ":";
      for (const std::string_view field : record.fields)
        line.append("[").append(field).append("]");
      out.push_back(line);
    } catch (const InputError& e) {
      out.push_back(std::string("error: ") + e.what());
    }
  }
}

Lines read_text(const ScratchDir& dir, std::string_view text, const CsvOptions& options = {}) {
  const auto path = dir / "in.csv";
  write_text(path, text);
  return read_all(path, options);
}

// "error: FILE:WHERE: WHAT" for the scratch file in.csv.
std::string error_line(const ScratchDir& dir, const std::string& where, const std::string& what) {
  return "error: " + (dir / "in.csv").string() + ":" + where + ": " + what;
}

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

// A reader positioned on the only record of `text`.
struct OneRecord {
  OneRecord(const ScratchDir& dir, std::string_view text) {
    write_text(dir / "in.csv", text);
    reader = std::make_unique<CsvReader>(dir / "in.csv", CsvOptions{});
    EXPECT_TRUE(reader->next(record));
  }
  std::unique_ptr<CsvReader> reader;
  CsvRecord record;
};

TEST(CsvReader, ReadsPlainRecordsWithPositions) {
  ScratchDir dir;
  write_text(dir / "in.csv", "id,name,score\n1,Heat,4.5\n");
  CsvReader reader(dir / "in.csv", {});
  CsvRecord record;
  ASSERT_TRUE(reader.next(record));
  ASSERT_TRUE(reader.next(record));
  ASSERT_EQ(record.fields, (std::vector<std::string_view>{"1", "Heat", "4.5"}));
  EXPECT_EQ(record.line, 2u);
  ASSERT_EQ(record.positions.size(), 3u);
  EXPECT_EQ(record.positions[0].file, (dir / "in.csv").string());
  EXPECT_EQ(record.positions[1].line, 2u);
  EXPECT_EQ(record.positions[1].column, 3u);
  EXPECT_EQ(record.positions[2].column, 8u);
  EXPECT_FALSE(reader.next(record));
  EXPECT_FALSE(reader.next(record));
}

TEST(CsvReader, ReusesTheRecordAcrossDifferentFieldCounts) {
  ScratchDir dir;
  EXPECT_EQ(read_text(dir, "a,b,c,d\ne\n,\nlast"),
            (Lines{"1:[a][b][c][d]", "2:[e]", "3:[][]", "4:[last]"}));
}

TEST(CsvReader, QuotedFieldsHoldDelimitersQuotesAndNewlines) {
  ScratchDir dir;
  EXPECT_EQ(read_text(dir, "1,\"Hello, World\",\"say \"\"hi\"\"\",\"\",\"\"\"\"\n"),
            (Lines{"1:[1][Hello, World][say \"hi\"][][\"]"}));
  // Line numbers keep counting the physical lines inside quoted fields.
  EXPECT_EQ(read_text(dir, "1,\"two\nlines\",x\n2,\"three\n\nlines\"\n3,\"a\"b\n4,ok\n"),
            (Lines{"1:[1][two\nlines][x]", "3:[2][three\n\nlines]",
                   error_line(dir, "6:6", "expected delimiter or end of line after closing quote"),
                   "7:[4][ok]"}));
}

TEST(CsvReader, FieldPositionsAfterAMultiLineField) {
  ScratchDir dir;
  write_text(dir / "in.csv", "1,\"a\nbc\",x,\"y\"\n");
  CsvReader reader(dir / "in.csv", {});
  CsvRecord record;
  ASSERT_TRUE(reader.next(record));
  ASSERT_EQ(record.positions.size(), 4u);
  EXPECT_EQ(record.positions[1].line, 1u);
  EXPECT_EQ(record.positions[1].column, 3u);
  EXPECT_EQ(record.positions[2].line, 2u);
  EXPECT_EQ(record.positions[2].column, 5u);
  EXPECT_EQ(record.positions[3].column, 7u);
  EXPECT_EQ(record.error_at(3, "bad").what(), (dir / "in.csv").string() + ":2:7: bad");
  EXPECT_EQ(record.error("bad").what(), (dir / "in.csv").string() + ":1:1: bad");
}

TEST(CsvReader, EscapedFieldsStayValidWhileMoreAreUnescaped) {
  ScratchDir dir;
  const std::string a(5000, 'a');
  const std::string b(7000, 'b');
  EXPECT_EQ(read_text(dir, "\"" + a + "\"\"\",\"\"\"" + b + "\",\"c\"\"\"\n"),
            (Lines{"1:[" + a + "\"][\"" + b + "][c\"]"}));
}

TEST(CsvReader, QuotesAreLiteralMidFieldAndWithoutQuoting) {
  ScratchDir dir;
  EXPECT_EQ(read_text(dir, "a\"b,\"c\"\n"), (Lines{"1:[a\"b][c]"}));
  EXPECT_EQ(read_text(dir, "\"a,b\"\n", with_delimiter(",")), (Lines{"1:[\"a][b\"]"}));
}

TEST(CsvReader, HandlesCrlfAndBlankLines) {
  ScratchDir dir;
  EXPECT_EQ(read_text(dir, "a,b\r\n1,\"2\"\r\n\r\n  \r\n\t\n3,\r\n\"4\",\"x\r\ny\"\r\n5,\r"),
            (Lines{"1:[a][b]", "2:[1][2]", "6:[3][]", "7:[4][x\r\ny]", "9:[5][]"}));
  EXPECT_EQ(read_text(dir, "\n\nfirst\n\n"), (Lines{"3:[first]"}));
}

TEST(CsvReader, SkipsAUtf8Bom) {
  ScratchDir dir;
  write_text(dir / "in.csv", "\xEF\xBB\xBFid,title\n");
  CsvReader reader(dir / "in.csv", {});
  CsvRecord record;
  ASSERT_TRUE(reader.next(record));
  EXPECT_EQ(record.fields, (std::vector<std::string_view>{"id", "title"}));
  EXPECT_EQ(record.positions[1].column, 4u);
}

// The same rule for Latin-1 files: transcoded, the mark would read as "ï»¿" before the first id.
TEST(CsvReader, SkipsAUtf8BomInLatin1Files) {
  ScratchDir dir;
  CsvOptions latin1 = with_delimiter("::");
  latin1.encoding = TextEncoding::kLatin1;
  EXPECT_EQ(read_text(dir,
                      "\xEF\xBB\xBF"
                      "196::Caf\xE9\n",
                      latin1),
            (Lines{"1:[196][Caf\xC3\xA9]"}));
}

TEST(CsvReader, SplitsOnMultiCharacterAndOtherDelimiters) {
  ScratchDir dir;
  EXPECT_EQ(read_text(dir, "1::Toy Story (1995)::Animation|Children's\n2::a:b:::c\n",
                      with_delimiter("::")),
            (Lines{"1:[1][Toy Story (1995)][Animation|Children's]", "2:[2][a:b][:c]"}));
  EXPECT_EQ(read_text(dir, "1|Toy Story|01-Jan-1995||http://x|0|1|\n", with_delimiter("|")),
            (Lines{"1:[1][Toy Story][01-Jan-1995][][http://x][0][1][]"}));
  EXPECT_EQ(read_text(dir, "196\t242\t3\t881250949\n", with_delimiter("\t")),
            (Lines{"1:[196][242][3][881250949]"}));

  write_text(dir / "in.csv", "10::Heat::x\n");
  CsvReader reader(dir / "in.csv", with_delimiter("::"));
  CsvRecord record;
  ASSERT_TRUE(reader.next(record));
  EXPECT_EQ(record.positions[1].column, 5u);
  EXPECT_EQ(record.positions[2].column, 11u);
}

TEST(CsvReader, TranscodesLatin1) {
  ScratchDir dir;
  CsvOptions latin1 = with_delimiter("::");
  latin1.encoding = TextEncoding::kLatin1;
  EXPECT_EQ(read_text(dir, "1::Caf\xE9 \xC0 la cr\xE8me::\xFF\n", latin1),
            (Lines{"1:[1][Caf\xC3\xA9 \xC3\x80 la cr\xC3\xA8me][\xC3\xBF]"}));
}

TEST(CsvReader, RejectsInvalidUtf8AtTheBadByteAndResumes) {
  ScratchDir dir;
  EXPECT_EQ(read_text(dir, "a,b\nok,caf\xE9\n\"x\ny\xC3\xA9\xFF\",z\nlast\n"),
            (Lines{"1:[a][b]", error_line(dir, "2:7", "invalid UTF-8"),
                   error_line(dir, "4:4", "invalid UTF-8"), "5:[last]"}));
  EXPECT_EQ(read_text(dir, "\xED\xA0\x80\n\xC0\xAF\nok\n"),
            (Lines{error_line(dir, "1:1", "invalid UTF-8"), error_line(dir, "2:1", "invalid UTF-8"),
                   "3:[ok]"}));
}

// A NUL would cut the value short wherever it is used as a C string, message included.
TEST(CsvReader, RejectsNulBytesAtTheByteAndResumes) {
  ScratchDir dir;
  using std::string_literals::operator""s;
  EXPECT_EQ(read_text(dir, "a,b\nok,Ti\0tle\n\"x\ny\0\",z\nlast\n"s),
            (Lines{"1:[a][b]", error_line(dir, "2:6", "NUL byte"),
                   error_line(dir, "4:2", "NUL byte"), "5:[last]"}));
  // Whichever comes first of a NUL and invalid UTF-8 is reported.
  EXPECT_EQ(read_text(dir, "\xFF\0\n\0\xFF\n"s),
            (Lines{error_line(dir, "1:1", "invalid UTF-8"), error_line(dir, "2:1", "NUL byte")}));
  CsvOptions latin1 = with_delimiter("::");
  latin1.encoding = TextEncoding::kLatin1;
  EXPECT_EQ(read_text(dir, "1::Caf\0\xE9::x\n2::ok::y\n"s, latin1),
            (Lines{error_line(dir, "1:7", "NUL byte"), "2:[2][ok][y]"}));
}

// Without LF the whole file would be one record, echoed into whatever message it fails.
TEST(CsvReader, RefusesCrOnlyLineEnds) {
  ScratchDir dir;
  const std::string expected =
      (dir / "in.csv").string() + ": line endings are CR only (old Mac); convert to LF or CRLF";
  std::string big;
  for (int i = 0; i < 50000; ++i)
    big += "1,2,3,4,5\r";
  for (const std::string& text : {std::string("a,b\r1,2\r"), std::string("a,b\r1,2"), big}) {
    write_text(dir / "in.csv", text);
    EXPECT_EQ(message_of([&] { CsvReader(dir / "in.csv", {}); }), expected);
  }
  // A lone CR ending the only line is just a line end.
  EXPECT_EQ(read_text(dir, "a,b\r"), (Lines{"1:[a][b]"}));
}

TEST(CsvReader, UnterminatedQuoteReportsWhereItOpened) {
  ScratchDir dir;
  EXPECT_EQ(read_text(dir, "a,b\n1,\"open\n2,x\n3,y"),
            (Lines{"1:[a][b]", error_line(dir, "2:3", "unterminated quoted field"), "3:[2][x]",
                   "4:[3][y]"}));
  EXPECT_EQ(read_text(dir, "\""), (Lines{error_line(dir, "1:1", "unterminated quoted field")}));
}

TEST(CsvReader, RejectsCharactersAfterAClosingQuote) {
  ScratchDir dir;
  EXPECT_EQ(read_text(dir, "1,\"a\"b,c\n2,\"multi\nline\" ,d\n3,y\n"),
            (Lines{error_line(dir, "1:6", "expected delimiter or end of line after closing quote"),
                   error_line(dir, "3:6", "expected delimiter or end of line after closing quote"),
                   "4:[3][y]"}));
}

TEST(CsvReader, RejectsRecordsLongerThanTheLimit) {
  ScratchDir dir;
  CsvOptions options;
  options.max_record_bytes = 10;
  EXPECT_EQ(
      read_text(dir, "123456789,\n12345678901\n\"1\n345678\"\n\"12\n45678\",\nok\n", options),
      (Lines{"1:[123456789][]", error_line(dir, "2:1", "line longer than 10 bytes"),
             "3:[1\n345678]", error_line(dir, "5:1", "line longer than 10 bytes"), "7:[ok]"}));
}

TEST(CsvReader, RejectsATenMegabyteLineQuicklyAndReadsOn) {
  ScratchDir dir;
  const std::string huge(10u << 20, 'x');
  const std::string huge_quoted = "\"" + std::string(2u << 20, ',') + "\"";
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(read_text(dir, "a,b\n" + huge + "\n" + huge_quoted + "\nlast,1\n"),
            (Lines{"1:[a][b]", error_line(dir, "2:1", "line longer than 1048576 bytes"),
                   error_line(dir, "3:1", "line longer than 1048576 bytes"), "4:[last][1]"}));
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
}

TEST(CsvReader, ReportsUnreadableAndEmptyFiles) {
  ScratchDir dir;
  const std::string missing = (dir / "missing.csv").string();
  EXPECT_EQ(message_of([&] { CsvReader(dir / "missing.csv", {}); }),
            missing + ": cannot open: No such file or directory");
  EXPECT_EQ(message_of([&] { CsvReader(dir.path(), {}); }),
            dir.path().string() + ": is a directory, expected a regular file");
  const std::string empty = (dir / "in.csv").string() + ": file is empty";
  for (const std::string_view text : {"", "\n \r\n\t\n", "\xEF\xBB\xBF", "\xEF\xBB\xBF\r\n"}) {
    write_text(dir / "in.csv", text);
    EXPECT_EQ(message_of([&] { CsvReader(dir / "in.csv", {}); }), empty);
  }
}

// /dev/zero never ends and a FIFO blocks until a writer comes: both are refused before reading.
TEST(CsvReader, RefusesNonRegularFilesPromptly) {
  ScratchDir dir;
  std::filesystem::create_symlink("/dev/zero", dir / "zero.csv");
  make_fifo(dir / "fifo.csv");
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(message_of([&] { CsvReader(dir / "zero.csv", {}); }),
            (dir / "zero.csv").string() + ": is a character device, expected a regular file");
  EXPECT_EQ(message_of([&] { CsvReader(dir / "fifo.csv", {}); }),
            (dir / "fifo.csv").string() + ": is a FIFO, expected a regular file");
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
}

TEST(CsvHeader, FindsColumnsByTrimmedName) {
  ScratchDir dir;
  write_text(dir / "in.csv", "\xEF\xBB\xBF userId , movieId,rating\t\n1,2,3\n");
  CsvReader reader(dir / "in.csv", {});
  const CsvHeader header(reader);
  EXPECT_EQ(header.size(), 3u);
  EXPECT_EQ(header.require("userId"), 0u);
  EXPECT_EQ(header.require("rating"), 2u);
  EXPECT_EQ(header.find_any({"MovieID", "movieId"}), 1);
  EXPECT_EQ(header.find_any({"title", "name"}), -1);
  EXPECT_EQ(message_of([&] { header.require("UserId"); }),
            (dir / "in.csv").string() +
                ":1: missing column UserId (columns present: \"userId\", \"movieId\", \"rating\")");
  CsvRecord record;
  ASSERT_TRUE(reader.next(record));
  EXPECT_EQ(record.line, 2u);
}

// A header of a thousand long names lists twenty, each cut short.
TEST(CsvHeader, ListsABoundedShareOfTheColumnsPresent) {
  ScratchDir dir;
  std::string header;
  for (int i = 0; i < 1000; ++i)
    header += (i ? "," : "") + std::string(100, 'c');
  write_text(dir / "in.csv", header + "\n");
  CsvReader reader(dir / "in.csv", {});
  const CsvHeader header_row(reader);
  const std::string quoted = "\"" + std::string(40, 'c') + "...\"";
  std::string listed = quoted;
  for (int i = 1; i < 20; ++i)
    listed += ", " + quoted;
  EXPECT_EQ(message_of([&] { header_row.require("id"); }),
            (dir / "in.csv").string() + ":1: missing column id (columns present: " + listed +
                " and 980 more)");
}

TEST(CsvHeader, NeedsARecord) {
  ScratchDir dir;
  write_text(dir / "in.csv", "only\n");
  CsvReader reader(dir / "in.csv", {});
  CsvRecord record;
  ASSERT_TRUE(reader.next(record));
  EXPECT_EQ(message_of([&] { CsvHeader header(reader); }),
            (dir / "in.csv").string() + ": file is empty");
}

TEST(CsvParseInt, AcceptsIntegersInRange) {
  ScratchDir dir;
  OneRecord r(dir, "42,-7,7,1,100,-9223372036854775808,007\n");
  EXPECT_EQ(parse_int(r.record, 0, "id", 0, 100), 42);
  EXPECT_EQ(parse_int(r.record, 1, "id", -10, 10), -7);
  EXPECT_EQ(parse_int(r.record, 2, "id", -10, 10), 7);
  EXPECT_EQ(parse_int(r.record, 3, "id", 1, 100), 1);
  EXPECT_EQ(parse_int(r.record, 4, "id", 1, 100), 100);
  EXPECT_EQ(parse_int(r.record, 5, "id", INT64_MIN, 0), INT64_MIN);
  EXPECT_EQ(parse_int(r.record, 6, "id", 0, 10), 7);
}

// One spelling per value: no plus sign, no spaces, a minus only where negatives are allowed.
TEST(CsvParseInt, RejectsSignsAndSpaces) {
  ScratchDir dir;
  OneRecord r(dir, "+3, 3,3 ,\t3,-0,-3,+-3\n");
  const std::string file = (dir / "in.csv").string();
  EXPECT_EQ(message_of([&] { parse_int(r.record, 0, "rating", 1, 5); }),
            file + ":1:1: expected rating as an integer in [1, 5], got \"+3\"");
  EXPECT_EQ(message_of([&] { parse_int(r.record, 3, "rating", 1, 5); }),
            file + ":1:10: expected rating as an integer in [1, 5], got \"\\t3\"");
  for (size_t i = 0; i < r.record.fields.size(); ++i) {
    EXPECT_NE(
        message_of([&] { parse_int(r.record, i, "n", 0, 5); }).find("expected n as an integer"),
        std::string::npos)
        << r.record.fields[i];
  }
  EXPECT_EQ(parse_int(r.record, 5, "n", -5, 5), -3);
  EXPECT_NE(message_of([&] { parse_int(r.record, 0, "n", -5, 5); }).find("got \"+3\""),
            std::string::npos);
}

TEST(CsvParseInt, RejectsEverythingElseNamingTheField) {
  ScratchDir dir;
  OneRecord r(dir, "x,abc,,4x,1.5,- 3,++1,99999999999999999999,0,101,0x10\n");
  const std::string file = (dir / "in.csv").string();
  const auto error = [&](size_t i) {
    return message_of([&] { parse_int(r.record, i, "user id", 1, 100); });
  };
  EXPECT_EQ(error(1), file + ":1:3: expected user id as an integer in [1, 100], got \"abc\"");
  EXPECT_EQ(error(2), file + ":1:7: expected user id as an integer in [1, 100], got \"\"");
  for (size_t i = 3; i <= 10; ++i) {
    EXPECT_NE(error(i).find("expected user id as an integer in [1, 100], got \""),
              std::string::npos)
        << r.record.fields[i];
  }
  EXPECT_EQ(error(11), file + ":1:1: missing field 12 (user id)");
}

TEST(CsvParseInt, TruncatesLongFieldsInMessages) {
  ScratchDir dir;
  OneRecord r(dir, std::string(100, '7') + "x,\xE6\x98\x9F" + std::string(50, 'y') + "\n");
  const std::string file = (dir / "in.csv").string();
  EXPECT_EQ(
      message_of([&] { parse_int(r.record, 0, "n", 0, 1); }),
      file + ":1:1: expected n as an integer in [0, 1], got \"" + std::string(40, '7') + "...\"");
  // The cut never splits a UTF-8 sequence.
  EXPECT_EQ(message_of([&] { parse_int(r.record, 1, "n", 0, 1); }),
            file + ":1:103: expected n as an integer in [0, 1], got \"\xE6\x98\x9F" +
                std::string(37, 'y') + "...\"");
}

TEST(CsvParseTimestamp, ReadsUnixSecondsAndUtcDates) {
  ScratchDir dir;
  OneRecord r(dir,
              "978300760,2005-01-01 00:00:00,2005-01-01,1970-01-01 00:00:00,2000-02-29 12:34:56,"
              "1969-12-31 23:59:59,2038-01-19 03:14:08,1900-03-01,2400-12-31 23:59:59,-5\n");
  const std::vector<int64_t> expected = {978300760, 1104537600, 1104537600,  0,           951827696,
                                         -1,        2147483648, -2203891200, 13601087999, -5};
  ASSERT_EQ(r.record.fields.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(parse_timestamp(r.record, i, "timestamp"), expected[i]) << r.record.fields[i];
  }
}

TEST(CsvParseTimestamp, RejectsImpossibleAndMalformedDates) {
  ScratchDir dir;
  OneRecord r(dir,
              "2005-13-01,2005-02-29,2005-01-01 24:00:00,2005-01-01 00:60:00,2005-1-1,"
              "2005-01-01T00:00:00,yesterday,2005-01-01 00:00,2005-00-10,2005-04-31,1900-02-29,"
              "2005-01-01 00:00:60,,2005-01-01 00:00:00x, 978300760,+978300760,978300760 ,"
              " 2005-01-01 00:00:00\n");
  const std::string file = (dir / "in.csv").string();
  EXPECT_EQ(message_of([&] { parse_timestamp(r.record, 1, "timestamp"); }),
            file +
                ":1:12: expected timestamp as Unix seconds or \"YYYY-MM-DD HH:MM:SS\", got "
                "\"2005-02-29\"");
  for (size_t i = 0; i < r.record.fields.size(); ++i) {
    EXPECT_NE(message_of([&] {
                parse_timestamp(r.record, i, "timestamp");
              }).find("expected timestamp as Unix seconds"),
              std::string::npos)
        << r.record.fields[i];
  }
}

TEST(CsvRequireFields, CountsFields) {
  ScratchDir dir;
  write_text(dir / "in.csv", "h\n1,2\n");
  CsvReader reader(dir / "in.csv", {});
  CsvRecord record;
  ASSERT_TRUE(reader.next(record));
  ASSERT_TRUE(reader.next(record));
  const std::string file = (dir / "in.csv").string();
  EXPECT_NO_THROW(require_fields(record, 2));
  EXPECT_EQ(message_of([&] { require_fields(record, 3); }),
            file + ":2:1: expected 3 fields, got 2");
  EXPECT_EQ(message_of([&] { require_fields(record, 1); }),
            file + ":2:1: expected 1 fields, got 2");
}

}  // namespace
}  // namespace cinerec
