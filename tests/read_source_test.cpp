#include <gtest/gtest.h>

#include <stdexcept>

#include "host/data/source/source_reader.h"
#include "tests/reader_checks.h"
#include "tests/source_fixtures.h"

namespace cinerec::testing {
namespace {

TEST(ReadSource, ListsTheFormats) {
  EXPECT_EQ(source_formats(),
            (std::vector<std::string>{"douban", "moviedata", "ml-1m", "ml-100k"}));
}

TEST(ReadSource, DispatchesOnTheFormat) {
  const std::vector<std::pair<std::string, SourceFixture>> sources{
      {"douban", douban_fixture()},
      {"moviedata", moviedata_fixture()},
      {"ml-1m", ml1m_fixture()},
      {"ml-100k", ml100k_fixture()}};
  for (const auto& [format, fixture] : sources) {
    SCOPED_TRACE(format);
    const ScratchDir dir;
    write_files(dir.path(), fixture.files);
    BadRowBudget bad(0);
    const RawTables t = read_source(format, dir.path(), bad, std::nullopt);
    EXPECT_EQ(t.format, format);
    EXPECT_EQ(t.users.size(), fixture.sizes.users);
    EXPECT_EQ(t.movies.size(), fixture.sizes.movies);
    EXPECT_EQ(t.ratings.size(), fixture.sizes.ratings);
  }
}

std::string invalid_argument_message(std::string_view format,
                                     const std::optional<std::string>& fold) {
  BadRowBudget bad(0);
  try {
    read_source(format, "/nonexistent", bad, fold);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected std::invalid_argument";
  return "";
}

TEST(ReadSource, RejectsAnUnknownFormat) {
  EXPECT_EQ(invalid_argument_message("netflix", std::nullopt),
            "unknown source format \"netflix\" (expected one of: douban, moviedata, ml-1m, "
            "ml-100k)");
}

TEST(ReadSource, RejectsAFoldForFormatsWithoutFolds) {
  EXPECT_EQ(invalid_argument_message("ml-1m", "u1"),
            "format \"ml-1m\" has no folds; --fold applies to ml-100k only");
}

}  // namespace
}  // namespace cinerec::testing
