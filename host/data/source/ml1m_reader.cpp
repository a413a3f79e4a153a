// MovieLens 1M: "::"-separated Latin-1 files without headers or quoting.
#include "host/data/source/reader_support.h"
#include "host/data/source/source_reader.h"

namespace cinerec {
namespace {

const CsvOptions kDatOptions{
    .delimiter = "::", .quoting = false, .encoding = TextEncoding::kLatin1};

void read_users(const std::filesystem::path& dir, BadRowBudget& bad, IdIndex& ids,
                std::vector<RawUser>& out) {
  CsvReader reader(dir / "users.dat", kDatOptions);
  const Column id{0, "UserID"};
  const CodedUserColumns coded{{1, "Gender"}, {2, "Age"}, {3, "Occupation"}};
  read_rows(reader, bad, [&](const CsvRecord& record) {
    require_fields(record, 5);  // the zip code is not used
    RawUser user = parse_coded_user(record, coded);
    add_with_id(ids, record, id, std::move(user), out);
  });
}

void read_movies(const std::filesystem::path& dir, BadRowBudget& bad, IdIndex& ids,
                 std::vector<RawMovie>& out) {
  CsvReader reader(dir / "movies.dat", kDatOptions);
  const Column id{0, "MovieID"};
  read_rows(reader, bad, [&](const CsvRecord& record) {
    require_fields(record, 3);
    RawMovie movie = movie_from_title(record.fields[1], split_genres(record.fields[2], "|"));
    add_with_id(ids, record, id, std::move(movie), out);
  });
}

}  // namespace

RawTables read_ml1m(const std::filesystem::path& dir, BadRowBudget& bad) {
  RawTables tables;
  tables.format = "ml-1m";
  IdIndex users("user", IdSyntax::kDigits);
  IdIndex movies("movie", IdSyntax::kDigits);
  read_users(dir, bad, users, tables.users);
  read_movies(dir, bad, movies, tables.movies);

  CsvReader reader(dir / "ratings.dat", kDatOptions);
  const RatingColumns columns{{0, "UserID"}, {1, "MovieID"}, {2, "Rating"}, {3, "Timestamp"}};
  read_ratings(reader, nullptr, columns, users, movies, SourceFold::kNone, bad, tables.ratings);
  return tables;
}

}  // namespace cinerec
