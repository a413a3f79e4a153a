#include "host/data/source/reader_support.h"

#include <algorithm>
#include <array>

#include "host/text/title_tokenizer.h"

namespace cinerec {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && is_space(s.back()))
    s.remove_suffix(1);
  return s;
}

}  // namespace

Column require_column(const CsvHeader& header, std::string_view name) {
  return {header.require(name), name};
}

Column require_any_column(const CsvHeader& header, const CsvReader& reader,
                          std::span<const std::string_view> names) {
  for (std::string_view name : names) {
    const long found = header.find_any({name});
    if (found >= 0) return {static_cast<size_t>(found), name};
  }
  std::string listed;
  for (std::string_view name : names)
    listed += (listed.empty() ? "" : " or ") + std::string(name);
  throw InputError({reader.file(), 1}, "missing column " + listed);
}

std::string_view IdIndex::parse(const CsvRecord& record, Column column) const {
  const std::string_view id = record.fields[column.index];
  const bool digits = syntax_ == IdSyntax::kDigits;
  const bool valid =
      !id.empty() &&
      (digits ? std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; })
              : std::none_of(id.begin(), id.end(), is_space));
  if (!valid) {
    throw record.error_at(column.index, "expected " + std::string(column.name) + " as " +
                                            (digits ? "digits" : "a non-empty id without spaces") +
                                            ", got " + quote_input(id));
  }
  return id;
}

uint32_t IdIndex::add(const CsvRecord& record, Column column) {
  const std::string_view id = parse(record, column);
  const auto next = static_cast<uint32_t>(ids_.size());
  const auto [it, inserted] = ids_.try_emplace(std::string(id), Entry{next, record.line});
  if (!inserted) {
    throw record.error_at(column.index, "duplicate " + kind_ + " id " + quote_input(id) +
                                            " (first defined on line " +
                                            std::to_string(it->second.line) + ")");
  }
  return next;
}

uint32_t IdIndex::resolve(const CsvRecord& record, Column column) const {
  const std::string_view id = parse(record, column);
  const auto it = ids_.find(id);
  if (it == ids_.end())
    throw record.error_at(column.index, "unknown " + kind_ + " " + quote_input(id));
  return it->second.index;
}

size_t read_rows(CsvReader& reader, BadRowBudget& bad, const RowParser& parse) {
  CsvRecord record;
  size_t rows = 0, skipped = 0;
  std::string first_skip;
  // Each pass is one row: next() consumes a row even when it throws.
  for (;; ++rows) {
    try {
      if (!reader.next(record)) break;
      parse(record);
    } catch (const InputError& e) {
      bad.skip(e);
      if (skipped++ == 0) first_skip = e.what();
    }
  }
  // A file of nothing but bad rows would leave its table empty, which no budget was meant for.
  if (rows > 0 && skipped == rows) {
    throw InputError({reader.file()}, "all " + std::to_string(rows) +
                                          " rows were skipped as bad rows (first: " + first_skip +
                                          ")");
  }
  return rows;
}

void read_rows(CsvReader& reader, const CsvHeader& header, BadRowBudget& bad,
               const RowParser& parse) {
  const size_t columns = header.size();
  const size_t rows = read_rows(reader, bad, [&](const CsvRecord& record) {
    require_fields(record, columns);
    parse(record);
  });
  if (rows == 0) throw InputError({reader.file()}, "has a header but no data rows");
}

std::vector<std::string> split_genres(std::string_view genres, std::string_view separators) {
  std::vector<std::string> out;
  while (true) {
    const size_t end = genres.find_first_of(separators);
    const std::string_view piece = trim(genres.substr(0, end));
    if (!piece.empty() && std::find(out.begin(), out.end(), piece) == out.end()) {
      out.emplace_back(piece);
    }
    if (end == std::string_view::npos) return out;
    genres.remove_prefix(end + 1);
  }
}

RawMovie movie_from_title(std::string_view title, std::vector<std::string> genres) {
  RawMovie movie;
  movie.title = std::string(title);
  movie.genres = std::move(genres);
  int year = 0;
  strip_title_year(title, &year);
  movie.year = static_cast<int32_t>(year);
  return movie;
}

std::string parse_gender(const CsvRecord& record, Column column) {
  const std::string_view value = record.fields[column.index];
  if (value != "F" && value != "M") {
    throw record.error_at(column.index, "expected " + std::string(column.name) +
                                            " as F or M, got " + quote_input(value));
  }
  return std::string(value);
}

RawUser parse_coded_user(const CsvRecord& record, const CodedUserColumns& columns) {
  static constexpr std::array<std::string_view, 7> kAgeCodes{"1",  "18", "25", "35",
                                                             "45", "50", "56"};
  RawUser user;
  user.gender = parse_gender(record, columns.gender);
  const std::string_view age = record.fields[columns.age.index];
  if (std::find(kAgeCodes.begin(), kAgeCodes.end(), age) == kAgeCodes.end()) {
    throw record.error_at(columns.age.index, "expected " + std::string(columns.age.name) +
                                                 " as one of 1, 18, 25, 35, 45, 50, 56, got " +
                                                 quote_input(age));
  }
  user.age = std::string(age);
  user.job = std::to_string(parse_int(record, columns.job.index, columns.job.name, 0, 20));
  return user;
}

void read_ratings(CsvReader& reader, const CsvHeader* header, const RatingColumns& columns,
                  const IdIndex& users, const IdIndex& movies, SourceFold fold, BadRowBudget& bad,
                  std::vector<RawRating>& out) {
  IdIndex rating_ids("rating", IdSyntax::kDigits);
  const RowParser parse = [&](const CsvRecord& record) {
    if (!header) require_fields(record, 4);  // MovieLens ratings: exactly these four fields
    RawRating rating;
    rating.user = users.resolve(record, columns.user);
    rating.movie = movies.resolve(record, columns.movie);
    rating.value =
        static_cast<float>(parse_int(record, columns.rating.index, columns.rating.name, 1, 5));
    rating.timestamp = parse_timestamp(record, columns.timestamp.index, columns.timestamp.name);
    rating.fold = fold;
    if (columns.id) rating_ids.add(record, *columns.id);  // last: a duplicate leaves no trace
    out.push_back(rating);
  };
  if (header) {
    read_rows(reader, *header, bad, parse);
  } else {
    read_rows(reader, bad, parse);
  }
}

}  // namespace cinerec
