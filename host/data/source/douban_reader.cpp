// The paper's Douban tables: three UTF-8 CSV files with headers, columns found by name.
#include "host/data/source/reader_support.h"
#include "host/data/source/source_reader.h"

namespace cinerec {
namespace {

void read_users(const std::filesystem::path& dir, BadRowBudget& bad, IdIndex& ids,
                std::vector<RawUser>& out) {
  CsvReader reader(dir / "users.csv", CsvOptions{});
  const CsvHeader header(reader);
  const Column id = require_column(header, "UserID");
  const CodedUserColumns coded{require_column(header, "Gender"), require_column(header, "Age"),
                               require_column(header, "JobID")};
  read_rows(reader, header, bad, [&](const CsvRecord& record) {
    RawUser user = parse_coded_user(record, coded);
    add_with_id(ids, record, id, std::move(user), out);
  });
}

void read_movies(const std::filesystem::path& dir, BadRowBudget& bad, IdIndex& ids,
                 std::vector<RawMovie>& out) {
  CsvReader reader(dir / "movies.csv", CsvOptions{});
  const CsvHeader header(reader);
  const Column id = require_column(header, "MovieID");
  const Column title = require_column(header, "Title");
  const Column genres = require_column(header, "Genres");
  read_rows(reader, header, bad, [&](const CsvRecord& record) {
    RawMovie movie = movie_from_title(record.fields[title.index],
                                      split_genres(record.fields[genres.index], "|/"));
    add_with_id(ids, record, id, std::move(movie), out);
  });
}

}  // namespace

RawTables read_douban(const std::filesystem::path& dir, BadRowBudget& bad) {
  RawTables tables;
  tables.format = "douban";
  IdIndex users("user", IdSyntax::kDigits);
  IdIndex movies("movie", IdSyntax::kDigits);
  read_users(dir, bad, users, tables.users);
  read_movies(dir, bad, movies, tables.movies);

  CsvReader reader(dir / "ratings.csv", CsvOptions{});
  const CsvHeader header(reader);
  const RatingColumns columns{require_column(header, "UserID"), require_column(header, "MovieID"),
                              require_column(header, "Rating"), require_column(header, "Timestamp"),
                              require_column(header, "RatingID")};
  read_ratings(reader, &header, columns, users, movies, SourceFold::kNone, bad, tables.ratings);
  return tables;
}

}  // namespace cinerec
