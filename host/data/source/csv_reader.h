// Reads delimited text files record by record: RFC 4180 CSV (quoted fields with commas, doubled
// quotes and newlines) and the simpler MovieLens layouts ("::", "|", tab, no quoting). Every
// record knows where each field starts, so errors point at file:line:column.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "host/common/input_error.h"

namespace cinerec {

enum class TextEncoding { kUtf8, kLatin1 };

struct CsvOptions {
  std::string delimiter = ",";
  bool quoting = true;                          // RFC 4180 double quotes
  TextEncoding encoding = TextEncoding::kUtf8;  // Latin-1 is transcoded to UTF-8 on load
  size_t max_record_bytes = size_t{1} << 20;    // longer records are rejected, not buffered
};

struct CsvRecord {
  std::vector<std::string_view> fields;
  std::vector<SourcePos> positions;  // where each field starts
  size_t line = 0;                   // where the record starts

  // An InputError pointing at field `i`.
  InputError error_at(size_t i, const std::string& what) const;
  // An InputError pointing at the whole record (its first column).
  InputError error(const std::string& what) const;
};

class CsvReader {
 public:
  // Throws InputError when the file is missing, unreadable, not a regular file, empty or has
  // CR-only line ends. A UTF-8 byte order mark at the start is skipped in every encoding.
  CsvReader(std::filesystem::path path, CsvOptions options);

  // Reads the next non-blank record; false at end of file. A malformed record (unterminated
  // quote, invalid UTF-8, a NUL byte, too long, junk after a closing quote) throws InputError,
  // after which next() resumes at the following line, so the caller may count the row as
  // skipped.
  bool next(CsvRecord& record);

  const std::string& file() const { return file_; }

 private:
  std::string file_;
  CsvOptions options_;
  std::string text_;
  size_t pos_ = 0;
  size_t line_ = 1;
  std::string scratch_;  // unescaped quoted fields of the current record
};

// The header line of a CSV file: finds columns by name, in any order, extra columns ignored.
class CsvHeader {
 public:
  // Reads the first record of `reader` as the header.
  explicit CsvHeader(CsvReader& reader);

  // Index of the column named `name` (exact, case-sensitive, surrounding spaces and a UTF-8
  // BOM ignored); throws InputError listing the columns present when it is missing.
  size_t require(std::string_view name) const;
  // Index of the first of `names` present, or -1.
  long find_any(std::initializer_list<std::string_view> names) const;
  size_t size() const { return names_.size(); }

 private:
  std::string file_;
  std::vector<std::string> names_;
};

// Field parsers. Each throws record.error_at(i, ...) naming what was expected. Integers are
// decimal digits without spaces or a plus sign, with a minus sign only where `lo` is negative
// (timestamps: always).
int64_t parse_int(const CsvRecord& record, size_t i, std::string_view what, int64_t lo, int64_t hi);
// "YYYY-MM-DD HH:MM:SS" (UTC) or integer Unix seconds.
int64_t parse_timestamp(const CsvRecord& record, size_t i, std::string_view what);
// Throws when the record does not have exactly `n` fields.
void require_fields(const CsvRecord& record, size_t n);

}  // namespace cinerec
