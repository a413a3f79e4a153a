#include "host/report/dataset_figures.h"

#include <algorithm>
#include <ctime>
#include <limits>
#include <map>
#include <numeric>
#include <string>

namespace cinerec {
namespace {

constexpr size_t kTopGenres = 10;                   // the paper's Figure 2
constexpr size_t kYearGenres = 5;                   // lines in Figure 3 that stay readable
constexpr int kFirstYear = 2000, kLastYear = 2022;  // the paper's Figure 3 range

std::string num(double v) {
  return csv_number(v);
}

bool is_train(const Dataset& d, size_t rating) {
  return d.rating_split()[rating] == static_cast<uint8_t>(Split::kTrain);
}

// Movies per genre, largest first (ties by genre name, so the order is stable).
std::vector<std::pair<uint32_t, size_t>> genres_by_movies(const Dataset& d) {
  std::vector<size_t> count(d.genres().size(), 0);
  for (uint32_t g : d.movie_genre_list())
    ++count[g];
  std::vector<std::pair<uint32_t, size_t>> ranked;
  for (uint32_t g = 0; g < count.size(); ++g)
    if (count[g] > 0) ranked.emplace_back(g, count[g]);
  std::ranges::sort(ranked, [&](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : d.genres()[a.first] < d.genres()[b.first];
  });
  return ranked;
}

// The year a movie is placed at: its release year where the source has years, else (Douban's
// files have none) the UTC year of its first rating. The CSVs name which.
struct MovieYears {
  std::vector<int> year;  // 0: none
  std::string column;     // the CSV column's name
  std::string what;       // a sentence for the CSV comments
  std::string short_label;
};

MovieYears movie_years(const Dataset& d) {
  MovieYears y;
  y.year.assign(d.movie_year().begin(), d.movie_year().end());
  if (std::ranges::any_of(y.year, [](int v) { return v != 0; })) {
    y.column = "release_year";
    y.what = "year: the movie's release year as the source gives it";
    y.short_label = "release year";
  } else {
    y.column = "first_rating_year";
    y.what = "year: the UTC year of the movie's first rating (the source gives no release year)";
    y.short_label = "first-rating year";
    for (size_t i = 0; i < d.num_ratings(); ++i) {
      if (d.rating_time()[i] <= 0) continue;
      int& first = y.year[d.rating_movie()[i]];
      const int rated = utc_year(d.rating_time()[i]);
      first = first == 0 ? rated : std::min(first, rated);
    }
  }
  y.what +=
      "; " + std::to_string(std::ranges::count(y.year, 0)) + " movies without one are left out";
  return y;
}

std::string year_label(const MovieYears& y) {
  return y.column == "release_year" ? "release year" : "year of the movie's first rating";
}

Figure top_genres(const Dataset& d) {
  Figure f{{"top_genres", "barh", "The 10 genres with the most movies (paper's Figure 2)",
            "movies (count; a movie counts in each of its genres)", "genre"},
           {}};
  f.table.header = {"genre", "movies"};
  auto ranked = genres_by_movies(d);
  ranked.resize(std::min(ranked.size(), kTopGenres));
  for (const auto& [g, n] : ranked)
    f.table.add_row({std::string(d.genres()[g]), num(static_cast<double>(n))});
  return f;
}

// The paper's range when most dated movies fall in it, else the data's own range ({0, -1}: no
// movie has a year), so that a catalogue of older films (MovieLens: 1919-2000) keeps its years.
std::pair<int, int> year_range(const MovieYears& years) {
  int lo = std::numeric_limits<int>::max(), hi = std::numeric_limits<int>::min();
  size_t dated = 0, inside = 0;
  for (int y : years.year) {
    if (y == 0) continue;
    lo = std::min(lo, y);
    hi = std::max(hi, y);
    ++dated;
    inside += y >= kFirstYear && y <= kLastYear;
  }
  if (dated == 0) return {0, -1};
  if (2 * inside >= dated) return {std::max(lo, kFirstYear), std::min(hi, kLastYear)};
  return {lo, hi};
}

Figure genre_movies_per_year(const Dataset& d, const MovieYears& years) {
  const auto [lo, hi] = year_range(years);
  Figure f{{"genre_movies_per_year", "lines",
            "Movies per year in the " + std::to_string(kYearGenres) +
                " largest genres (paper's Figure 3)",
            year_label(years), "movies (count)"},
           {}};
  f.spec.markers = true;
  const auto outside =
      std::ranges::count_if(years.year, [&](int y) { return y != 0 && (y < lo || y > hi); });
  f.table.comments = {years.what,
                      "years " + std::to_string(lo) + "-" + std::to_string(hi) +
                          " (the paper's 2000-2022 where most movies fall in it, else the data's "
                          "range); " +
                          std::to_string(outside) + " dated movies outside it"};
  f.table.header = {"genre", years.column, "movies"};
  auto ranked = genres_by_movies(d);
  ranked.resize(std::min(ranked.size(), kYearGenres));
  for (const auto& [g, total] : ranked) {
    std::vector<size_t> per_year(static_cast<size_t>(std::max(hi - lo + 1, 0)), 0);
    for (uint32_t m = 0; m < d.num_movies(); ++m) {
      const int y = years.year[m];
      if (y == 0 || y < lo || y > hi) continue;
      if (std::ranges::find(d.movie_genres(m), g) != d.movie_genres(m).end()) {
        ++per_year[static_cast<size_t>(y - lo)];
      }
    }
    for (int y = lo; y <= hi; ++y) {
      f.table.add_row({std::string(d.genres()[g]), num(y),
                       num(static_cast<double>(per_year[static_cast<size_t>(y - lo)]))});
    }
  }
  return f;
}

Figure rating_histogram(const Dataset& d) {
  Figure f{{"rating_histogram", "bar", "Ratings per rating value (paper's Figure 4)",
            "rating (points)", "ratings (count)"},
           {}};
  std::map<float, size_t> bins;
  for (float v : d.rating_value())
    ++bins[v];
  f.table.header = {"rating", "ratings"};
  for (const auto& [v, n] : bins)
    f.table.add_row({num(v), num(static_cast<double>(n))});
  return f;
}

Figure movie_rating_vs_year(const Dataset& d, const MovieYears& years) {
  Figure f{{"movie_rating_vs_year", "scatter_marginal",
            "Average rating per movie against its year (paper's Figures 5-6)", year_label(years),
            "average rating (points)"},
           {}};
  std::vector<double> sum(d.num_movies(), 0.0);
  std::vector<size_t> count(d.num_movies(), 0);
  for (size_t i = 0; i < d.num_ratings(); ++i) {
    sum[d.rating_movie()[i]] += d.rating_value()[i];
    ++count[d.rating_movie()[i]];
  }
  f.table.comments = {"one row per movie with a year and at least one rating (all splits)",
                      years.what};
  f.table.header = {years.column, "mean_rating", "ratings", "movie_id"};
  for (uint32_t m = 0; m < d.num_movies(); ++m) {
    if (years.year[m] == 0 || count[m] == 0) continue;
    f.table.add_row({num(years.year[m]), num(sum[m] / static_cast<double>(count[m])),
                     num(static_cast<double>(count[m])), std::string(d.movie_ids()[m])});
  }
  return f;
}

Figure movies_and_ratings_per_year(const Dataset& d, const MovieYears& years) {
  Figure f{{"movies_and_ratings_per_year", "bar_panels",
            "Movies and ratings per year (paper's Figure 7)", "year", ""},
           {}};
  f.spec.height_px = 700;
  std::map<int, std::pair<size_t, size_t>> per_year;  // movies, ratings
  for (int y : years.year)
    if (y != 0) ++per_year[y].first;
  size_t untimed = 0;
  for (int64_t t : d.rating_time()) {
    if (t <= 0) {
      ++untimed;
      continue;
    }
    ++per_year[utc_year(t)].second;
  }
  f.table.comments = {"movies: " + years.what,
                      "ratings: by the UTC year of the rating's timestamp (" +
                          std::to_string(untimed) + " without a timestamp left out)"};
  f.table.header = {"year", "movies (by " + years.short_label + ")", "ratings (by rating year)"};
  for (const auto& [y, n] : per_year) {
    f.table.add_row(
        {num(y), num(static_cast<double>(n.first)), num(static_cast<double>(n.second))});
  }
  return f;
}

// How many entities have exactly k ratings, for every k that occurs (k > 0: a log axis).
void add_tail(CsvTable& t, const std::string& series, std::span<const uint32_t> owner,
              size_t entities) {
  std::vector<size_t> ratings(entities, 0);
  for (uint32_t e : owner)
    ++ratings[e];
  std::map<size_t, size_t> with;
  for (size_t n : ratings)
    if (n > 0) ++with[n];
  for (const auto& [k, n] : with)
    t.add_row({series, num(static_cast<double>(k)), num(static_cast<double>(n))});
}

Figure ratings_per_user_and_movie(const Dataset& d) {
  Figure f{{"ratings_per_user_and_movie", "lines", "The long tail: ratings per user and per movie",
            "ratings of one user or movie (count, log scale)",
            "users or movies with that many ratings (count, log scale)"},
           {}};
  f.spec.logx = f.spec.logy = true;
  f.spec.points = true;
  f.table.comments = {"all splits; users and movies without a rating are left out (log axes)"};
  f.table.header = {"series", "ratings", "entities"};
  add_tail(f.table, "users", d.rating_user(), d.num_users());
  add_tail(f.table, "movies", d.rating_movie(), d.num_movies());
  return f;
}

Figure split_sizes(const Dataset& d) {
  Figure f{
      {"split_sizes", "bar_panels", "The split: ratings, users and movies per part", "split", ""},
      {}};
  f.table.header = {"split", "ratings (count)", "users (count)", "movies (count)"};
  for (const auto& [split, name] :
       {std::pair{Split::kTrain, "train"}, {Split::kVal, "val"}, {Split::kTest, "test"}}) {
    std::vector<char> user(d.num_users(), 0), movie(d.num_movies(), 0);
    size_t ratings = 0;
    for (size_t i = 0; i < d.num_ratings(); ++i) {
      if (d.rating_split()[i] != static_cast<uint8_t>(split)) continue;
      ++ratings;
      user[d.rating_user()[i]] = movie[d.rating_movie()[i]] = 1;
    }
    f.table.add_row({name, num(static_cast<double>(ratings)),
                     num(static_cast<double>(std::ranges::count(user, 1))),
                     num(static_cast<double>(std::ranges::count(movie, 1)))});
  }
  return f;
}

// Users and movies of a split the model never saw in training: an id embedding cannot help them.
Figure cold_start(const Dataset& d) {
  Figure f{{"cold_start", "barh", "Cold starts: what the training split never shows", "count", ""},
           {}};
  std::vector<char> user_trained(d.num_users(), 0), movie_trained(d.num_movies(), 0),
      movie_rated(d.num_movies(), 0);
  for (size_t i = 0; i < d.num_ratings(); ++i) {
    movie_rated[d.rating_movie()[i]] = 1;
    if (!is_train(d, i)) continue;
    user_trained[d.rating_user()[i]] = movie_trained[d.rating_movie()[i]] = 1;
  }
  f.table.header = {"what", "count"};
  for (const auto& [split, name] : {std::pair{Split::kVal, "val"}, {Split::kTest, "test"}}) {
    std::vector<char> cold_user(d.num_users(), 0), cold_movie(d.num_movies(), 0);
    size_t user_ratings = 0, movie_ratings = 0;
    for (size_t i = 0; i < d.num_ratings(); ++i) {
      if (d.rating_split()[i] != static_cast<uint8_t>(split)) continue;
      const uint32_t u = d.rating_user()[i], m = d.rating_movie()[i];
      if (!user_trained[u]) cold_user[u] = 1, ++user_ratings;
      if (!movie_trained[m]) cold_movie[m] = 1, ++movie_ratings;
    }
    const std::string s = name;
    f.table.add_row({s + " users without training ratings",
                     num(static_cast<double>(std::ranges::count(cold_user, 1)))});
    f.table.add_row({s + " ratings of those users", num(static_cast<double>(user_ratings))});
    f.table.add_row({s + " movies without training ratings",
                     num(static_cast<double>(std::ranges::count(cold_movie, 1)))});
    f.table.add_row({s + " ratings of those movies", num(static_cast<double>(movie_ratings))});
  }
  f.table.add_row(
      {"movies without any rating", num(static_cast<double>(std::ranges::count(movie_rated, 0)))});
  return f;
}

}  // namespace

int utc_year(int64_t unix_seconds) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm parts{};
  gmtime_r(&t, &parts);
  return parts.tm_year + 1900;
}

std::vector<Figure> dataset_figures(const Dataset& data) {
  const MovieYears years = movie_years(data);
  std::vector<Figure> figures{top_genres(data),
                              genre_movies_per_year(data, years),
                              rating_histogram(data),
                              movie_rating_vs_year(data, years),
                              movies_and_ratings_per_year(data, years),
                              ratings_per_user_and_movie(data),
                              split_sizes(data),
                              cold_start(data)};
  // A figure without data (no movie has a year, nor a rating a timestamp) is left out.
  std::erase_if(figures, [](const Figure& f) { return f.table.rows.empty(); });
  return figures;
}

}  // namespace cinerec
