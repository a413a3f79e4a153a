// The public Douban "moviedata-10m" dump: RFC 4180 CSV files with upper-case headers, many
// columns cinerec does not use, MD5 user ids and no demographics.
#include <array>

#include "host/data/source/reader_support.h"
#include "host/data/source/source_reader.h"

namespace cinerec {
namespace {

constexpr std::array<std::string_view, 2> kUserColumns{"USER_MD5", "USER_ID"};

void read_users(const std::filesystem::path& dir, BadRowBudget& bad, IdIndex& ids,
                std::vector<RawUser>& out) {
  CsvReader reader(dir / "users.csv", CsvOptions{});
  const CsvHeader header(reader);
  const Column id = require_any_column(header, reader, kUserColumns);
  read_rows(reader, header, bad,
            [&](const CsvRecord& record) { add_with_id(ids, record, id, RawUser{}, out); });
}

// YEAR is often blank or 0 in the dump; both mean unknown.
int32_t parse_year(const CsvRecord& record, Column year) {
  if (record.fields[year.index].empty()) return 0;
  return static_cast<int32_t>(parse_int(record, year.index, year.name, 0, 9999));
}

void read_movies(const std::filesystem::path& dir, BadRowBudget& bad, IdIndex& ids,
                 std::vector<RawMovie>& out) {
  CsvReader reader(dir / "movies.csv", CsvOptions{});
  const CsvHeader header(reader);
  const Column id = require_column(header, "MOVIE_ID");
  const Column name = require_column(header, "NAME");
  const Column genres = require_column(header, "GENRES");
  const Column year = require_column(header, "YEAR");
  read_rows(reader, header, bad, [&](const CsvRecord& record) {
    RawMovie movie;
    movie.year = parse_year(record, year);
    movie.title = std::string(record.fields[name.index]);
    movie.genres = split_genres(record.fields[genres.index], "/");
    add_with_id(ids, record, id, std::move(movie), out);
  });
}

}  // namespace

RawTables read_moviedata(const std::filesystem::path& dir, BadRowBudget& bad) {
  RawTables tables;
  tables.format = "moviedata";
  IdIndex users("user", IdSyntax::kToken);
  IdIndex movies("movie", IdSyntax::kDigits);
  read_users(dir, bad, users, tables.users);
  read_movies(dir, bad, movies, tables.movies);

  CsvReader reader(dir / "ratings.csv", CsvOptions{});
  const CsvHeader header(reader);
  const RatingColumns columns{require_any_column(header, reader, kUserColumns),
                              require_column(header, "MOVIE_ID"), require_column(header, "RATING"),
                              require_column(header, "RATING_TIME")};
  read_ratings(reader, &header, columns, users, movies, SourceFold::kNone, bad, tables.ratings);
  return tables;
}

}  // namespace cinerec
