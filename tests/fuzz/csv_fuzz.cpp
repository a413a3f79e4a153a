// The record parser alone. Input: one option byte, then the file. Byte b % 4 picks the options a
// source reader uses: 0 RFC 4180 CSV in UTF-8 (douban, moviedata), 1 "::" in Latin-1 (ml-1m),
// 2 "|" and 3 tab in Latin-1 (ml-100k); an odd b / 4 also caps records at 64 bytes instead of
// 1 MiB, so small inputs reach the length checks. The digits '0'-'7' are thus readable choices.
// Every record is fed through the field parsers, as the readers do.
#include <algorithm>
#include <cstdint>
#include <limits>

#include "host/data/source/csv_reader.h"
#include "host/text/utf8.h"
#include "tests/fuzz/bundle.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/fuzz_targets.h"
#include "tests/fuzz/temp_dir.h"

namespace cinerec::fuzz {
namespace {

constexpr size_t kShortRecordBytes = 64;

CsvOptions options_for(unsigned char b) {
  static const CsvOptions kReaderOptions[] = {
      {},
      {.delimiter = "::", .quoting = false, .encoding = TextEncoding::kLatin1},
      {.delimiter = "|", .quoting = false, .encoding = TextEncoding::kLatin1},
      {.delimiter = "\t", .quoting = false, .encoding = TextEncoding::kLatin1},
  };
  CsvOptions options = kReaderOptions[b % 4];
  if ((b / 4) % 2 == 1) options.max_record_bytes = kShortRecordBytes;
  return options;
}

// The parsers either return a value in range or throw InputError.
void parse_fields(const CsvRecord& record, size_t i) {
  constexpr int64_t kLo = std::numeric_limits<int64_t>::min();
  constexpr int64_t kHi = std::numeric_limits<int64_t>::max();
  try {
    const int64_t v = parse_int(record, i, "an integer", -5, 5);
    check(v >= -5 && v <= 5, "parse_int stays in its range");
  } catch (const InputError&) {
  }
  try {
    parse_int(record, i, "an integer", kLo, kHi);
  } catch (const InputError&) {
  }
  try {
    parse_timestamp(record, i, "a timestamp");
  } catch (const InputError&) {
  }
}

void check_record(const CsvRecord& record, const CsvOptions& options) {
  check(!record.fields.empty(), "a record has a field");
  check(record.positions.size() == record.fields.size(), "a record has one position per field");
  size_t bytes = 0;
  for (size_t i = 0; i < record.fields.size(); ++i) {
    const std::string_view field = record.fields[i];
    const SourcePos& pos = record.positions[i];
    check(pos.line >= record.line && pos.column >= 1, "fields start within the record");
    check(!utf8::first_invalid(field), "fields are valid UTF-8");
    check(options.quoting || field.find('\n') == std::string_view::npos,
          "unquoted fields hold no newline");
    bytes += field.size();
    parse_fields(record, i);
  }
  // The limit applies to the text as parsed (Latin-1 already transcoded), delimiters included.
  check(bytes <= options.max_record_bytes, "records respect max_record_bytes");
  record.error_at(record.fields.size(), "past the last field");
}

}  // namespace

void csv(std::string_view input) {
  const CsvOptions options = options_for(option_byte(input, 0));
  const std::string_view text = input.substr(std::min<size_t>(input.size(), 1));
  const std::filesystem::path file = fresh_input_dir() / "input.csv";
  write_file(file, text);
  // A line per record at least, even for records that are skipped.
  const size_t lines = static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  try {
    CsvReader reader(file, options);
    if (options.quoting) {  // the CSV readers find their columns by name
      try {
        const CsvHeader header(reader);
        header.find_any({"USER_MD5", "USER_ID"});
        header.require("MovieID");
      } catch (const InputError&) {
      }
    }
    CsvRecord record;
    for (size_t calls = 0;; ++calls) {
      check(calls <= lines, "every call to next() consumes a line");
      try {
        if (!reader.next(record)) break;
        check_record(record, options);
      } catch (const InputError&) {  // a malformed record: next() resumes after it
      }
    }
  } catch (const InputError&) {  // an empty file
  }
}

}  // namespace cinerec::fuzz
