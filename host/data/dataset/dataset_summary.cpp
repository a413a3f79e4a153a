#include "host/data/dataset/dataset_summary.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <vector>

namespace cinerec {
namespace {

nlohmann::json histogram(const Dataset& d) {
  std::map<std::string, size_t> bins;
  for (float v : d.rating_value()) {
    char key[32];
    std::snprintf(key, sizeof key, "%g", static_cast<double>(v));
    ++bins[key];
  }
  return bins;
}

// Entities with no rating in the training split cannot be learnt from their id embedding.
nlohmann::json cold_start(const Dataset& d) {
  std::vector<char> user_seen(d.num_users(), 0), movie_seen(d.num_movies(), 0);
  for (size_t i = 0; i < d.num_ratings(); ++i) {
    if (d.rating_split()[i] != static_cast<uint8_t>(Split::kTrain)) continue;
    user_seen[d.rating_user()[i]] = 1;
    movie_seen[d.rating_movie()[i]] = 1;
  }
  const auto unseen = [](const std::vector<char>& v) {
    return static_cast<size_t>(std::count(v.begin(), v.end(), 0));
  };
  return {{"users_without_train_ratings", unseen(user_seen)},
          {"movies_without_train_ratings", unseen(movie_seen)}};
}

nlohmann::json title_statistics(const Dataset& d) {
  size_t tokens = 0, unknown = 0, truncated_or_full = 0;
  for (uint32_t m = 0; m < d.num_movies(); ++m) {
    const auto row = d.movie_title(m);
    const auto used = static_cast<size_t>(
        std::count_if(row.begin(), row.end(), [](int32_t t) { return t != kPadToken; }));
    tokens += used;
    unknown += static_cast<size_t>(std::count(row.begin(), row.end(), kUnknownToken));
    truncated_or_full += used == d.title_len() ? 1 : 0;
  }
  const double movies = static_cast<double>(std::max<size_t>(d.num_movies(), 1));
  return {{"mean_tokens", static_cast<double>(tokens) / movies},
          {"unknown_token_share",
           tokens ? static_cast<double>(unknown) / static_cast<double>(tokens) : 0.0},
          {"full_length_titles", truncated_or_full},
          {"mean_genres", static_cast<double>(d.movie_genre_list().size()) / movies}};
}

}  // namespace

nlohmann::json dataset_statistics(const Dataset& d) {
  const double cells = static_cast<double>(d.num_users()) * static_cast<double>(d.num_movies());
  nlohmann::json stats = {
      {"users", d.num_users()},
      {"movies", d.num_movies()},
      {"ratings", d.num_ratings()},
      {"density", cells > 0 ? static_cast<double>(d.num_ratings()) / cells : 0.0},
      {"split", d.manifest().at("counts")},
      {"rating_histogram", histogram(d)},
      {"cold_start", cold_start(d)},
      {"titles", title_statistics(d)},
      {"vocab_sizes", d.manifest().at("vocab_sizes")},
  };
  stats["split"].erase("users");
  stats["split"].erase("movies");
  stats["split"].erase("ratings");
  return stats;
}

std::string format_summary(const Dataset& d) {
  const nlohmann::json s = dataset_statistics(d);
  const nlohmann::json& m = d.manifest();
  std::string out;
  const auto line = [&](const std::string& key, const std::string& value) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "  %-22s ", key.c_str());
    out += buf + value + "\n";
  };
  out += "dataset (" + m.at("source").value("format", "?") + ")\n";
  line("users", std::to_string(d.num_users()));
  line("movies", std::to_string(d.num_movies()));
  line("ratings", std::to_string(d.num_ratings()));
  char density[32];
  std::snprintf(density, sizeof density, "%.3g", s["density"].get<double>());
  line("density", density);
  line("split (" + m.at("split").value("kind", "?") + ")", s["split"].dump());
  line("rating histogram", s["rating_histogram"].dump());
  line("dedup", m.at("dedup").dump());
  if (m.contains("filter")) line("filter", m["filter"].dump());
  line("cold start", s["cold_start"].dump());
  line("titles", s["titles"].dump());
  line("vocab sizes", s["vocab_sizes"].dump());
  if (m.at("source").contains("bad_rows")) line("bad rows", m["source"]["bad_rows"].dump());
  return out;
}

}  // namespace cinerec
