// Table-driven checks shared by the source reader tests: a bad row must be an InputError at its
// exact position without a budget and a counted skip with one; a bad file is always an error.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "host/data/source/source_reader.h"
#include "tests/source_fixtures.h"
#include "tests/test_util.h"

namespace cinerec::testing {

using ReadFn = std::function<RawTables(const std::filesystem::path&, BadRowBudget&)>;

inline void write_files(const std::filesystem::path& dir, const SourceFiles& files) {
  for (const auto& [name, text] : files)
    write_text(dir / name, text);
}

// `text` with `row` inserted as line `line` (1-based); 0 appends it.
inline std::string insert_line(const std::string& text, size_t line, const std::string& row) {
  size_t at = text.size();
  if (line > 0) {
    at = 0;
    for (size_t i = 1; i < line; ++i)
      at = text.find('\n', at) + 1;
  }
  return text.substr(0, at) + row + "\n" + text.substr(at);
}

inline bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

// Runs `read` and returns the InputError message, failing the test when there is none.
inline std::string read_error(const ReadFn& read, const std::filesystem::path& dir,
                              size_t max_bad_rows) {
  BadRowBudget bad(max_bad_rows);
  try {
    read(dir, bad);
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected an InputError";
  return "";
}

struct BadRowCase {
  std::string name;  // the test's parameter name
  std::string file;
  size_t line = 0;  // where the row is inserted (1-based); 0 appends it
  std::string row;
  std::string error;  // expected in the message, usually "FILE:LINE:COLUMN: what"
};

inline std::string case_name(const ::testing::TestParamInfo<BadRowCase>& info) {
  return info.param.name;
}
// gtest prints a failing case's parameter; the name is enough (rows can be megabytes long).
inline void PrintTo(const BadRowCase& c, std::ostream* os) {
  *os << c.name;
}

// Without a budget the row is an error naming `c.error`; with a budget of one it is the only
// skip, and every valid row, including those after it, is still read.
inline void expect_bad_row(const ReadFn& read, const SourceFixture& valid, const BadRowCase& c) {
  const ScratchDir dir;
  SourceFiles files = valid.files;
  files[c.file] = insert_line(files[c.file], c.line, c.row);
  write_files(dir.path(), files);

  const std::string error = read_error(read, dir.path(), 0);
  EXPECT_TRUE(contains(error, c.error)) << error;

  BadRowBudget bad(1);
  const RawTables tables = read(dir.path(), bad);
  EXPECT_EQ(bad.count(), 1u);
  ASSERT_EQ(bad.examples().size(), 1u);
  EXPECT_TRUE(contains(bad.examples()[0], c.error)) << bad.examples()[0];
  EXPECT_EQ(tables.users.size(), valid.sizes.users);
  EXPECT_EQ(tables.movies.size(), valid.sizes.movies);
  EXPECT_EQ(tables.ratings.size(), valid.sizes.ratings);
}

struct BadFileCase {
  std::string name;
  std::string file;
  std::optional<std::string> text;  // nullopt removes the file
  std::string error;
};

inline std::string file_case_name(const ::testing::TestParamInfo<BadFileCase>& info) {
  return info.param.name;
}
inline void PrintTo(const BadFileCase& c, std::ostream* os) {
  *os << c.name;
}

// The file replaces its valid version; it is an error even with a generous budget.
inline void expect_bad_file(const ReadFn& read, const SourceFixture& valid, const BadFileCase& c) {
  const ScratchDir dir;
  SourceFiles files = valid.files;
  files.erase(c.file);
  if (c.text) files[c.file] = *c.text;
  write_files(dir.path(), files);
  const std::string error = read_error(read, dir.path(), 100);
  EXPECT_TRUE(contains(error, c.error)) << error;
}

// `file` of `valid` as a symbolic link to /dev/zero, then as a FIFO: each is refused at once
// (not read without end, not waited on), naming the file and what it is.
inline void expect_non_regular_refused(const ReadFn& read, const SourceFixture& valid,
                                       const std::string& file) {
  const ScratchDir dir;
  SourceFiles files = valid.files;
  files.erase(file);
  write_files(dir.path(), files);
  const auto started = std::chrono::steady_clock::now();
  std::filesystem::create_symlink("/dev/zero", dir / file);
  std::string error = read_error(read, dir.path(), 100);
  EXPECT_TRUE(contains(error, file + ": is a character device, expected a regular file")) << error;
  std::filesystem::remove(dir / file);
  make_fifo(dir / file);
  error = read_error(read, dir.path(), 100);
  EXPECT_TRUE(contains(error, file + ": is a FIFO, expected a regular file")) << error;
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
}

// Missing, empty and row-less versions of every file of `valid`: a file with a header keeps only
// its first line, one without is given blank lines only.
inline std::vector<BadFileCase> file_level_cases(const SourceFixture& valid, bool has_header) {
  std::vector<BadFileCase> cases;
  for (const auto& [file, text] : valid.files) {
    std::string id = file;
    for (char& ch : id) {
      if (ch == '.') ch = '_';
    }
    cases.push_back({id + "_Missing", file, std::nullopt, file + ": cannot open"});
    cases.push_back({id + "_Empty", file, "", file + ": file is empty"});
    if (has_header) {
      cases.push_back({id + "_HeaderOnly", file, text.substr(0, text.find('\n') + 1) + "\n \n",
                       file + ": has a header but no data rows"});
    } else {
      cases.push_back({id + "_BlankLinesOnly", file, "\n \n\t\n", file + ": file is empty"});
    }
  }
  return cases;
}

}  // namespace cinerec::testing
