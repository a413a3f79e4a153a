// MovieLens 100K: "|"- and tab-separated Latin-1 files without headers or quoting. Genres are
// 0/1 flag columns named by u.genre, jobs are occupation names listed in u.occupation, and ages
// are plain years, bucketed here into the ML-1M age codes so both data sets mean the same thing.
#include <algorithm>
#include <array>
#include <stdexcept>

#include "host/data/source/reader_support.h"
#include "host/data/source/source_reader.h"

namespace cinerec {
namespace {

const CsvOptions kPipeOptions{
    .delimiter = "|", .quoting = false, .encoding = TextEncoding::kLatin1};
const CsvOptions kTabOptions{
    .delimiter = "\t", .quoting = false, .encoding = TextEncoding::kLatin1};

constexpr size_t kItemFixedFields = 5;  // id, title, release date, video release date, IMDb URL

// The genre columns of u.item when there is no u.genre to name them.
const std::vector<std::string>& standard_genres() {
  static const std::vector<std::string> kGenres{
      "unknown",     "Action", "Adventure", "Animation", "Children's", "Comedy",  "Crime",
      "Documentary", "Drama",  "Fantasy",   "Film-Noir", "Horror",     "Musical", "Mystery",
      "Romance",     "Sci-Fi", "Thriller",  "War",       "Western"};
  return kGenres;
}

// u.genre: "name|index" lines, indices counting up from 0 in file order.
std::vector<std::string> read_genre_names(const std::filesystem::path& dir, BadRowBudget& bad) {
  const std::filesystem::path path = dir / "u.genre";
  if (!std::filesystem::exists(path)) return standard_genres();
  CsvReader reader(path, kPipeOptions);
  std::vector<std::string> names;
  read_rows(reader, bad, [&](const CsvRecord& record) {
    require_fields(record, 2);
    const auto next = static_cast<int64_t>(names.size());
    parse_int(record, 1, "genre index", next, next);
    names.emplace_back(record.fields[0]);
  });
  return names;
}

std::vector<std::string> read_occupations(const std::filesystem::path& dir, BadRowBudget& bad) {
  CsvReader reader(dir / "u.occupation", kPipeOptions);
  std::vector<std::string> names;
  read_rows(reader, bad, [&](const CsvRecord& record) {
    require_fields(record, 1);
    names.emplace_back(record.fields[0]);
  });
  return names;
}

// ML-1M age codes: each names the lower bound of its bucket.
std::string age_code(int64_t age) {
  static constexpr std::array<int64_t, 6> kBounds{56, 50, 45, 35, 25, 18};
  for (int64_t bound : kBounds) {
    if (age >= bound) return std::to_string(bound);
  }
  return "1";
}

void read_users(const std::filesystem::path& dir, BadRowBudget& bad, IdIndex& ids,
                std::vector<RawUser>& out) {
  const std::vector<std::string> occupations = read_occupations(dir, bad);
  CsvReader reader(dir / "u.user", kPipeOptions);
  const Column id{0, "user id"};
  read_rows(reader, bad, [&](const CsvRecord& record) {
    require_fields(record, 5);  // the zip code is not used
    RawUser user;
    user.age = age_code(parse_int(record, 1, "age", 1, 150));
    user.gender = parse_gender(record, {2, "gender"});
    user.job = std::string(record.fields[3]);
    if (std::find(occupations.begin(), occupations.end(), user.job) == occupations.end()) {
      throw record.error_at(
          3, "expected an occupation listed in u.occupation, got " + quote_input(user.job));
    }
    add_with_id(ids, record, id, std::move(user), out);
  });
}

std::vector<std::string> parse_genre_flags(const CsvRecord& record,
                                           const std::vector<std::string>& genres) {
  std::vector<std::string> out;
  for (size_t g = 0; g < genres.size(); ++g) {
    const size_t i = kItemFixedFields + g;
    if (parse_int(record, i, genres[g] + " flag", 0, 1) == 1) out.push_back(genres[g]);
  }
  return out;
}

void read_movies(const std::filesystem::path& dir, BadRowBudget& bad, IdIndex& ids,
                 std::vector<RawMovie>& out) {
  const std::vector<std::string> genres = read_genre_names(dir, bad);
  CsvReader reader(dir / "u.item", kPipeOptions);
  const Column id{0, "movie id"};
  read_rows(reader, bad, [&](const CsvRecord& record) {
    require_fields(record, kItemFixedFields + genres.size());
    add_with_id(ids, record, id,
                movie_from_title(record.fields[1], parse_genre_flags(record, genres)), out);
  });
}

// ML-100K's predefined splits: u1-u5 are the 5-fold cross-validation, ua/ub hold out 10
// ratings per user.
void require_known_fold(const std::string& fold) {
  static const std::array<std::string_view, 7> kFolds{"u1", "u2", "u3", "u4", "u5", "ua", "ub"};
  if (std::find(kFolds.begin(), kFolds.end(), fold) == kFolds.end()) {
    throw std::invalid_argument("unknown ml-100k fold \"" + fold +
                                "\" (expected u1, u2, u3, u4, u5, ua or ub)");
  }
}

}  // namespace

RawTables read_ml100k(const std::filesystem::path& dir, BadRowBudget& bad,
                      const std::optional<std::string>& fold) {
  if (fold) require_known_fold(*fold);
  RawTables tables;
  tables.format = "ml-100k";
  IdIndex users("user", IdSyntax::kDigits);
  IdIndex movies("movie", IdSyntax::kDigits);
  read_users(dir, bad, users, tables.users);
  read_movies(dir, bad, movies, tables.movies);

  const RatingColumns columns{{0, "user id"}, {1, "item id"}, {2, "rating"}, {3, "timestamp"}};
  const auto read_file = [&](const std::string& name, SourceFold part) {
    CsvReader reader(dir / name, kTabOptions);
    read_ratings(reader, nullptr, columns, users, movies, part, bad, tables.ratings);
  };
  if (fold) {
    read_file(*fold + ".base", SourceFold::kBase);
    read_file(*fold + ".test", SourceFold::kTest);
  } else {
    read_file("u.data", SourceFold::kNone);
  }
  return tables;
}

}  // namespace cinerec
