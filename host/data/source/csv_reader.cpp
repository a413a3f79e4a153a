#include "host/data/source/csv_reader.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <system_error>

#include "host/common/regular_file.h"
#include "host/text/utf8.h"

namespace cinerec {
namespace {

// A header's columns listed in a "missing column" message; a header read from a file with
// broken line endings can have thousands.
constexpr size_t kListedColumns = 20;

// The file's text as UTF-8. A UTF-8 byte order mark is dropped whatever the encoding: in a
// Latin-1 file those bytes would read as "ï»¿", which no real source starts with, while editors
// add the mark to files saved as UTF-8.
std::string load_text(const std::filesystem::path& path, TextEncoding encoding) {
  std::string text = read_regular_file(path);
  text.erase(0, text.size() - utf8::without_bom(text).size());
  return encoding == TextEncoding::kLatin1 ? utf8::from_latin1(text) : text;
}

// CR-only line ends (classic Mac OS) make the whole file one line, which would be reported as
// one enormous record; saying so is more useful. A lone CR at the very end ends the last line.
bool has_cr_only_lines(std::string_view text) {
  if (text.find('\n') != std::string_view::npos) return false;
  const size_t cr = text.find('\r');
  return cr != std::string_view::npos &&
         text.find_first_not_of(" \t\r", cr) != std::string_view::npos;
}

bool is_blank_char(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}

// Parses one record, starting at a line start, with its own cursors. On success the reader's
// position moves past the record; on a malformed record it moves to the line after the damage
// and InputError is thrown.
class RecordParser {
 public:
  RecordParser(const std::string& file, const CsvOptions& options, std::string_view text,
               std::string& scratch, size_t& reader_pos, size_t& reader_line)
      : file_(file),
        options_(options),
        text_(text),
        scratch_(scratch),
        reader_pos_(reader_pos),
        reader_line_(reader_line),
        start_(reader_pos),
        start_line_(reader_line),
        // One past the longest acceptable record: no scan goes further.
        limit_(options.max_record_bytes >= text.size() - reader_pos
                   ? text.size()
                   : reader_pos + options.max_record_bytes + 1),
        pos_(reader_pos),
        line_(reader_line),
        line_start_(reader_pos) {}

  void parse(CsvRecord& record) {
    record.line = line_;
    record.fields.clear();
    scratch_.clear();
    size_t count = 0;
    for (;;) {
      set_position(record, count++);
      record.fields.push_back(at_quote() ? quoted_field() : unquoted_field());
      check_length();
      if (!at_delimiter()) break;
      pos_ += options_.delimiter.size();
    }
    record.positions.resize(count);
    // pos_ is at the record's newline or the end of the text.
    check_text();
    resume_after_line(pos_, line_);
  }

 private:
  char at(size_t pos) const { return text_[pos]; }
  bool at_quote() const { return options_.quoting && pos_ < text_.size() && at(pos_) == '"'; }
  bool at_delimiter() const { return text_.substr(pos_).starts_with(options_.delimiter); }
  bool at_line_end() const {
    const std::string_view rest = text_.substr(pos_);
    return rest.empty() || rest.starts_with('\n') || rest == "\r" || rest.starts_with("\r\n");
  }
  size_t column(size_t pos) const { return pos - line_start_ + 1; }

  // Reuses the positions' file strings so that steady-state reading does not allocate.
  void set_position(CsvRecord& record, size_t i) const {
    if (i == record.positions.size()) record.positions.emplace_back();
    SourcePos& p = record.positions[i];
    if (p.file != file_) p.file = file_;
    p.line = line_;
    p.column = column(pos_);
  }

  std::string_view unquoted_field() {
    const size_t first = pos_;
    const char delimiter_start = options_.delimiter.front();
    while (pos_ < limit_ && at(pos_) != '\n' && !(at(pos_) == delimiter_start && at_delimiter())) {
      ++pos_;
    }
    size_t last = pos_;
    if (last > first && at(last - 1) == '\r' && (last == text_.size() || at(last) == '\n')) --last;
    return text_.substr(first, last - first);
  }

  std::string_view quoted_field() {
    const size_t open_line = line_;
    const size_t open_column = column(pos_);
    const size_t first = ++pos_;
    bool escaped = false;
    for (;;) {
      if (pos_ >= limit_) {
        check_length();
        // The text ended inside the quote. The lines after the opening one may well be good
        // records, so the reader resumes there.
        fail({file_, open_line, open_column}, "unterminated quoted field", first, open_line);
      }
      const char c = at(pos_);
      if (c == '"') {
        if (pos_ + 1 == text_.size() || at(pos_ + 1) != '"') break;
        escaped = true;
        ++pos_;
      } else if (c == '\n') {
        ++line_;
        line_start_ = pos_ + 1;
      }
      ++pos_;
    }
    const std::string_view content = text_.substr(first, pos_ - first);
    ++pos_;  // the closing quote
    if (!at_delimiter() && !at_line_end()) {
      fail({file_, line_, column(pos_)}, "expected delimiter or end of line after closing quote",
           pos_, line_);
    }
    if (pos_ < text_.size() && at(pos_) == '\r') ++pos_;
    return escaped ? unescape(content) : content;
  }

  // Views into scratch_ must survive later appends within the record. Unescaping never
  // lengthens text, so reserving the record's maximal length keeps scratch_ from moving.
  std::string_view unescape(std::string_view content) {
    scratch_.reserve(limit_ - start_);
    const size_t first = scratch_.size();
    for (size_t i = 0; i < content.size(); ++i) {
      scratch_ += content[i];
      if (content[i] == '"') ++i;
    }
    return std::string_view(scratch_).substr(first);
  }

  void check_length() {
    if (pos_ - start_ <= options_.max_record_bytes) return;
    fail({file_, start_line_, 1},
         "line longer than " + std::to_string(options_.max_record_bytes) + " bytes", pos_, line_);
  }

  // A NUL byte is refused in every encoding: no source format has one in a field, and later
  // code would see the value cut short there (C strings, messages). Latin-1 text is valid UTF-8
  // once transcoded, so only UTF-8 sources are validated as such.
  void check_text() {
    const std::string_view record = text_.substr(start_, pos_ - start_);
    const size_t nul = record.find('\0');
    const auto bad = options_.encoding == TextEncoding::kUtf8
                         ? utf8::first_invalid(record.substr(0, nul))
                         : std::nullopt;
    if (bad) fail_at_byte(start_ + *bad, "invalid UTF-8");
    if (nul != std::string_view::npos) fail_at_byte(start_ + nul, "NUL byte");
  }

  // Fails pointing at text_[bad_pos], within the record; the reader resumes after the record.
  [[noreturn]] void fail_at_byte(size_t bad_pos, const std::string& what) {
    size_t line = start_line_;
    size_t line_start = start_;
    for (size_t p = start_; p < bad_pos; ++p) {
      if (at(p) == '\n') ++line, line_start = p + 1;
    }
    fail({file_, line, bad_pos - line_start + 1}, what, pos_, line_);
  }

  // Moves the reader to the line after the one holding `pos` (physical line `line`).
  void resume_after_line(size_t pos, size_t line) {
    const size_t newline = text_.find('\n', pos);
    reader_pos_ = newline == std::string_view::npos ? text_.size() : newline + 1;
    reader_line_ = newline == std::string_view::npos ? line : line + 1;
  }

  [[noreturn]] void fail(SourcePos where, const std::string& what, size_t resume_pos,
                         size_t resume_line) {
    resume_after_line(resume_pos, resume_line);
    throw InputError(std::move(where), what);
  }

  const std::string& file_;
  const CsvOptions& options_;
  const std::string_view text_;
  std::string& scratch_;
  size_t& reader_pos_;
  size_t& reader_line_;
  const size_t start_;
  const size_t start_line_;
  const size_t limit_;
  size_t pos_;
  size_t line_;
  size_t line_start_;
};

std::string_view trim_spaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

std::string_view field_at(const CsvRecord& record, size_t i, std::string_view what) {
  if (i >= record.fields.size()) {
    throw record.error("missing field " + std::to_string(i + 1) + " (" + std::string(what) + ")");
  }
  return record.fields[i];
}

// Decimal digits filling all of `text`, after a minus sign where `negative` allows one: no
// plus sign, no spaces, so that every accepted field has one spelling.
bool parse_whole_int(std::string_view text, bool negative, int64_t& value) {
  if (text.starts_with('-') && !negative) return false;
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  return result.ec == std::errc() && result.ptr == text.data() + text.size();
}

// Reads exactly `digits` decimal digits at text[pos], advancing pos.
bool read_digits(std::string_view text, size_t& pos, size_t digits, int& value) {
  if (text.size() - pos < digits) return false;
  value = 0;
  for (const char c : text.substr(pos, digits)) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  pos += digits;
  return true;
}

bool read_separator(std::string_view text, size_t& pos, char separator) {
  if (pos >= text.size() || text[pos] != separator) return false;
  ++pos;
  return true;
}

bool is_leap_year(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

// Days since 1970-01-01 in the proleptic Gregorian calendar. Counting years from March makes
// the leap day the last day of its year, so whole 400-year eras have a fixed length.
int64_t days_from_civil(int year, int month, int day) {
  const int64_t y = month <= 2 ? year - 1 : year;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t year_of_era = y - era * 400;                               // [0, 399]
  const int64_t month_from_march = month > 2 ? month - 3 : month + 9;      // [0, 11]
  const int64_t day_of_year = (153 * month_from_march + 2) / 5 + day - 1;  // [0, 365]
  const int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;  // [0, 146096]
  constexpr int64_t kEpochDayOfEra = 719468;  // 1970-03-01 counted from 0000-03-01
  return era * 146097 + day_of_era - kEpochDayOfEra;
}

// "YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS", UTC.
bool parse_date_time(std::string_view text, int64_t& seconds) {
  size_t pos = 0;
  int year, month, day, hour = 0, minute = 0, second = 0;
  if (!read_digits(text, pos, 4, year) || !read_separator(text, pos, '-') ||
      !read_digits(text, pos, 2, month) || !read_separator(text, pos, '-') ||
      !read_digits(text, pos, 2, day)) {
    return false;
  }
  if (pos < text.size() &&
      (!read_separator(text, pos, ' ') || !read_digits(text, pos, 2, hour) ||
       !read_separator(text, pos, ':') || !read_digits(text, pos, 2, minute) ||
       !read_separator(text, pos, ':') || !read_digits(text, pos, 2, second))) {
    return false;
  }
  if (pos != text.size() || month < 1 || month > 12 || day < 1 ||
      day > days_in_month(year, month) || hour > 23 || minute > 59 || second > 59) {
    return false;
  }
  seconds = days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
  return true;
}

}  // namespace

InputError CsvRecord::error_at(size_t i, const std::string& what) const {
  if (i >= positions.size()) return error(what);
  return InputError(positions[i], what);
}

InputError CsvRecord::error(const std::string& what) const {
  return InputError({positions.empty() ? std::string() : positions.front().file, line, 1}, what);
}

CsvReader::CsvReader(std::filesystem::path path, CsvOptions options)
    : file_(path.string()),
      options_(std::move(options)),
      text_(load_text(path, options_.encoding)) {
  if (options_.delimiter.empty()) throw std::invalid_argument("CsvReader: empty delimiter");
  if (text_.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw InputError({file_, 0, 0}, "file is empty");
  }
  if (has_cr_only_lines(text_)) {
    throw InputError({file_, 0, 0}, "line endings are CR only (old Mac); convert to LF or CRLF");
  }
}

bool CsvReader::next(CsvRecord& record) {
  // Blank lines (spaces, tabs, CR) carry no record.
  while (pos_ < text_.size()) {
    size_t p = pos_;
    while (p < text_.size() && is_blank_char(text_[p]))
      ++p;
    if (p < text_.size() && text_[p] != '\n') break;
    pos_ = std::min(p + 1, text_.size());
    if (p < text_.size()) ++line_;
  }
  if (pos_ == text_.size()) return false;
  RecordParser(file_, options_, text_, scratch_, pos_, line_).parse(record);
  return true;
}

CsvHeader::CsvHeader(CsvReader& reader) : file_(reader.file()) {
  CsvRecord record;
  if (!reader.next(record)) throw InputError({file_, 0, 0}, "file is empty");
  for (const std::string_view name : record.fields)
    names_.emplace_back(trim_spaces(name));
}

size_t CsvHeader::require(std::string_view name) const {
  const auto it = std::find(names_.begin(), names_.end(), name);
  if (it != names_.end()) return static_cast<size_t>(it - names_.begin());
  std::string present;
  for (size_t i = 0; i < std::min(names_.size(), kListedColumns); ++i)
    present += (i == 0 ? "" : ", ") + quote_input(names_[i]);
  if (names_.size() > kListedColumns) {
    present += " and " + std::to_string(names_.size() - kListedColumns) + " more";
  }
  throw InputError({file_, 1, 0},
                   "missing column " + std::string(name) + " (columns present: " + present + ")");
}

long CsvHeader::find_any(std::initializer_list<std::string_view> names) const {
  for (const std::string_view name : names) {
    const auto it = std::find(names_.begin(), names_.end(), name);
    if (it != names_.end()) return static_cast<long>(it - names_.begin());
  }
  return -1;
}

int64_t parse_int(const CsvRecord& record, size_t i, std::string_view what, int64_t lo,
                  int64_t hi) {
  const std::string_view text = field_at(record, i, what);
  int64_t value = 0;
  if (!parse_whole_int(text, lo < 0, value) || value < lo || value > hi) {
    throw record.error_at(i, "expected " + std::string(what) + " as an integer in [" +
                                 std::to_string(lo) + ", " + std::to_string(hi) + "], got " +
                                 quote_input(text));
  }
  return value;
}

int64_t parse_timestamp(const CsvRecord& record, size_t i, std::string_view what) {
  const std::string_view text = field_at(record, i, what);
  int64_t seconds = 0;
  // Unix seconds before 1970 are negative.
  if (!parse_whole_int(text, true, seconds) && !parse_date_time(text, seconds)) {
    throw record.error_at(i, "expected " + std::string(what) +
                                 " as Unix seconds or \"YYYY-MM-DD HH:MM:SS\", got " +
                                 quote_input(text));
  }
  return seconds;
}

void require_fields(const CsvRecord& record, size_t n) {
  if (record.fields.size() != n) {
    throw record.error("expected " + std::to_string(n) + " fields, got " +
                       std::to_string(record.fields.size()));
  }
}

}  // namespace cinerec
