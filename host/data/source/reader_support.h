// What the source readers share: id tables with duplicate detection, the row loop that turns a
// malformed row into a counted skip, and the field rules several formats have in common.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "host/data/source/bad_rows.h"
#include "host/data/source/csv_reader.h"
#include "host/data/source/raw_tables.h"

namespace cinerec {

// A field of a record: its index and the name used in error messages.
struct Column {
  size_t index = 0;
  std::string_view name;
};

Column require_column(const CsvHeader& header, std::string_view name);
// The first of `names` present in the header; the error names them all when none is.
Column require_any_column(const CsvHeader& header, const CsvReader& reader,
                          std::span<const std::string_view> names);

enum class IdSyntax {
  kDigits,  // decimal digits, kept as written
  kToken,   // anything non-empty without whitespace (e.g. hex MD5 user ids)
};

// Source ids -> dense indices, in first-seen order.
class IdIndex {
 public:
  IdIndex(std::string kind, IdSyntax syntax) : kind_(std::move(kind)), syntax_(syntax) {}

  // Index for the new id in `column`; a repeated id is an error, so the second row is the bad one.
  uint32_t add(const CsvRecord& record, Column column);
  // Index of the id in `column`, which must have been added ("unknown <kind>" otherwise).
  uint32_t resolve(const CsvRecord& record, Column column) const;

 private:
  struct Entry {
    uint32_t index;
    size_t line;  // where the id was defined, for the duplicate message
  };
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  std::string_view parse(const CsvRecord& record, Column column) const;

  std::string kind_;
  IdSyntax syntax_;
  std::unordered_map<std::string, Entry, Hash, std::equal_to<>> ids_;
};

// Appends `row` under the id in `column`. Call it last in a row parser: a duplicate id then
// rejects the row before anything was changed.
template <typename Row>
void add_with_id(IdIndex& ids, const CsvRecord& record, Column column, Row row,
                 std::vector<Row>& out) {
  ids.add(record, column);
  row.id = std::string(record.fields[column.index]);
  out.push_back(std::move(row));
}

// Parses one row. It must validate the whole row before changing any table, so a row it rejects
// leaves no trace when skipped.
using RowParser = std::function<void(const CsvRecord&)>;

// Hands every remaining record of `reader` to `parse`. A row rejected by the reader or by `parse`
// goes to `bad` (a counted skip, or an error once the budget is spent); a file whose rows are all
// skipped is an error. Returns how many rows there were, skipped ones included.
size_t read_rows(CsvReader& reader, BadRowBudget& bad, const RowParser& parse);
// The same after `header`: each row must have one field per column, and a file with no rows after
// its header is an error even with a budget.
void read_rows(CsvReader& reader, const CsvHeader& header, BadRowBudget& bad,
               const RowParser& parse);

// Splits on any of `separators`; pieces are trimmed, empty ones dropped, repeats removed.
std::vector<std::string> split_genres(std::string_view genres, std::string_view separators);

// A movie whose year, if any, is the "(YYYY)" suffix of its title.
RawMovie movie_from_title(std::string_view title, std::vector<std::string> genres);

// "F" or "M".
std::string parse_gender(const CsvRecord& record, Column column);

// The MovieLens-1M demographic codes, which the paper's Douban users share: gender F/M, age
// bucket 1/18/25/35/45/50/56, job 0-20.
struct CodedUserColumns {
  Column gender;
  Column age;
  Column job;
};
RawUser parse_coded_user(const CsvRecord& record, const CodedUserColumns& columns);

struct RatingColumns {
  Column user;
  Column movie;
  Column rating;  // an integer 1-5
  Column timestamp;
  std::optional<Column> id = std::nullopt;  // a rating id of digits, unique within the file
};
// Reads the rows of a ratings file into `out`, resolving their ids through `users` and `movies`.
void read_ratings(CsvReader& reader, const CsvHeader* header, const RatingColumns& columns,
                  const IdIndex& users, const IdIndex& movies, SourceFold fold, BadRowBudget& bad,
                  std::vector<RawRating>& out);

}  // namespace cinerec
