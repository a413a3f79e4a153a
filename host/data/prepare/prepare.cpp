#include "host/data/prepare/prepare.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "host/common/checked_math.h"
#include "host/common/input_error.h"
#include "host/common/memory_info.h"
#include "host/data/dataset/string_column.h"
#include "host/text/title_tokenizer.h"

namespace cinerec {
namespace {

using Counts = std::unordered_map<std::string, size_t>;

// Most frequent first; ties in byte order, so the result depends only on the data.
std::vector<std::string> by_frequency(const Counts& counts, size_t min_count) {
  std::vector<std::pair<std::string, size_t>> items;
  for (const auto& [value, n] : counts) {
    if (n >= min_count) items.emplace_back(value, n);
  }
  std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  std::vector<std::string> out;
  out.reserve(items.size());
  for (auto& item : items)
    out.push_back(std::move(item.first));
  return out;
}

std::unordered_map<std::string, uint32_t> index_of(const std::vector<std::string>& vocab) {
  std::unordered_map<std::string, uint32_t> index;
  for (size_t i = 0; i < vocab.size(); ++i)
    index.emplace(vocab[i], static_cast<uint32_t>(i));
  return index;
}

// Numbers in numeric order ("1" < "18" < "25"), then other values in byte order.
bool demographic_less(const std::string& a, const std::string& b) {
  long va = 0, vb = 0;
  const bool na = std::from_chars(a.data(), a.data() + a.size(), va).ptr == a.data() + a.size();
  const bool nb = std::from_chars(b.data(), b.data() + b.size(), vb).ptr == b.data() + b.size();
  if (na != nb) return na;
  return na ? va < vb : a < b;
}

// A demographic attribute: row 0 is <unknown>, then the observed values.
void put_demographic(ArrayStore& store, const std::string& vocab_name, const std::string& column,
                     const std::vector<RawUser>& users, std::string RawUser::*field) {
  std::vector<std::string> values;
  for (const auto& u : users) {
    if (!(u.*field).empty()) values.push_back(u.*field);
  }
  std::sort(values.begin(), values.end(), demographic_less);
  values.erase(std::unique(values.begin(), values.end()), values.end());
  values.insert(values.begin(), kUnknownName);
  const auto index = index_of(values);
  std::vector<uint32_t> codes;
  codes.reserve(users.size());
  for (const auto& u : users) {
    codes.push_back((u.*field).empty() ? kUnknownValue : index.at(u.*field));
  }
  put_strings(store, vocab_name, values);
  store.put(column, std::move(codes));
}

void put_users(ArrayStore& store, const std::vector<RawUser>& users) {
  std::vector<std::string> ids;
  ids.reserve(users.size());
  for (const auto& u : users)
    ids.push_back(u.id);
  put_strings(store, "user_ids", ids);
  put_demographic(store, "genders", "user_gender", users, &RawUser::gender);
  put_demographic(store, "ages", "user_age", users, &RawUser::age);
  put_demographic(store, "jobs", "user_job", users, &RawUser::job);
}

void put_genres(ArrayStore& store, const std::vector<RawMovie>& movies) {
  Counts counts;
  for (const auto& m : movies) {
    for (const auto& g : m.genres)
      ++counts[g];
  }
  const std::vector<std::string> vocab = by_frequency(counts, 1);
  const auto index = index_of(vocab);
  std::vector<uint32_t> offsets{0}, list;
  for (const auto& m : movies) {
    for (const auto& g : m.genres)
      list.push_back(index.at(g));
    offsets.push_back(static_cast<uint32_t>(list.size()));
  }
  put_strings(store, "genres", vocab);
  store.put("movie_genre_offsets", std::move(offsets));
  store.put("movie_genres", std::move(list));
}

std::vector<std::vector<std::string>> tokenize_titles(const std::vector<RawMovie>& movies) {
  std::vector<std::vector<std::string>> titles;
  titles.reserve(movies.size());
  for (const auto& m : movies) {
    try {
      titles.push_back(tokenize_title(m.title));
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument("title of movie " + quote_input(m.id) + ": " + e.what());
    }
  }
  return titles;
}

// The vocabulary comes from titles of movies rated in the training split, so a test-only
// movie's unseen words are <unk> exactly as they would be for a new movie.
void put_titles(ArrayStore& store, const std::vector<RawMovie>& movies,
                const std::vector<RawRating>& ratings, const std::vector<uint8_t>& split,
                const PrepareOptions& options) {
  const auto titles = tokenize_titles(movies);
  std::vector<char> in_train(movies.size(), 0);
  for (size_t i = 0; i < ratings.size(); ++i) {
    if (split[i] == static_cast<uint8_t>(Split::kTrain)) in_train[ratings[i].movie] = 1;
  }
  Counts counts;
  for (size_t m = 0; m < movies.size(); ++m) {
    if (!in_train[m]) continue;
    for (const auto& t : titles[m])
      ++counts[t];
  }
  std::vector<std::string> vocab{"<pad>", "<unk>"};
  for (auto& t : by_frequency(counts, options.min_token_count))
    vocab.push_back(std::move(t));
  const auto index = index_of(vocab);

  const size_t cells = checked_mul(movies.size(), options.title_len, "--title-len");
  require_memory(checked_mul(cells, sizeof(int32_t), "--title-len"),
                 "the title tokens of " + std::to_string(movies.size()) + " movies x --title-len " +
                     std::to_string(options.title_len));
  std::vector<int32_t> rows(cells, kPadToken);
  std::vector<int32_t> years;
  years.reserve(movies.size());
  for (size_t m = 0; m < movies.size(); ++m) {
    const size_t n = std::min(titles[m].size(), options.title_len);
    for (size_t j = 0; j < n; ++j) {
      auto it = index.find(titles[m][j]);
      rows[m * options.title_len + j] =
          it == index.end() ? kUnknownToken : static_cast<int32_t>(it->second);
    }
    years.push_back(movies[m].year);
  }
  put_strings(store, "tokens", vocab);
  store.put("movie_title_tokens", std::move(rows), {movies.size(), options.title_len});
  store.put("movie_year", std::move(years));
}

void put_ratings(ArrayStore& store, const std::vector<RawRating>& ratings,
                 std::vector<uint8_t> split) {
  std::vector<uint32_t> users, movies;
  std::vector<float> values;
  std::vector<int64_t> times;
  for (auto* v : {&users, &movies})
    v->reserve(ratings.size());
  values.reserve(ratings.size());
  times.reserve(ratings.size());
  for (const auto& r : ratings) {
    users.push_back(r.user);
    movies.push_back(r.movie);
    values.push_back(r.value);
    times.push_back(r.timestamp);
  }
  store.put("rating_user", std::move(users));
  store.put("rating_movie", std::move(movies));
  store.put("rating_value", std::move(values));
  store.put("rating_time", std::move(times));
  store.put("rating_split", std::move(split));
}

nlohmann::json split_counts(const std::vector<uint8_t>& split) {
  size_t n[3] = {0, 0, 0};
  for (uint8_t s : split)
    ++n[s];
  return {{"train", n[0]}, {"val", n[1]}, {"test", n[2]}};
}

// A dataset nothing can be trained on is refused rather than written: an empty table (the
// readers already refuse a file whose rows were all skipped as bad) or a split that leaves no
// training rating, which small sets with a large --test or --val do.
void require_trainable(const RawTables& raw, const std::vector<uint8_t>& split,
                       const PrepareOptions& options) {
  const auto refuse = [](const std::string& why) {
    throw std::runtime_error("nothing to train on: " + why);
  };
  if (raw.users.empty()) refuse("no users");
  if (raw.movies.empty()) refuse("no movies");
  if (raw.ratings.empty()) refuse("no ratings");
  if (std::find(split.begin(), split.end(), static_cast<uint8_t>(Split::kTrain)) == split.end()) {
    refuse("the " + std::string(split_kind_name(options.split.kind)) + " split puts all " +
           std::to_string(raw.ratings.size()) +
           " ratings in the test and validation sets (lower --test or --val)");
  }
}

}  // namespace

Dataset prepare_dataset(RawTables raw, const PrepareOptions& options, nlohmann::json source) {
  if (options.title_len == 0) throw std::invalid_argument("title length must be at least 1");
  if (options.min_token_count == 0)
    throw std::invalid_argument("min token count must be at least 1");
  const DedupStats dedup = dedup_ratings(raw.ratings, options.dedup);
  const FilterStats filtered = filter_ratings(raw, options.filter);
  std::vector<uint8_t> split = assign_splits(raw.ratings, options.split);
  require_trainable(raw, split, options);

  ArrayStore store;
  put_users(store, raw.users);
  put_genres(store, raw.movies);
  put_titles(store, raw.movies, raw.ratings, split, options);
  put_strings(store, "movie_ids", [&] {
    std::vector<std::string> ids;
    ids.reserve(raw.movies.size());
    for (const auto& m : raw.movies)
      ids.push_back(m.id);
    return ids;
  }());

  nlohmann::json manifest;
  manifest["source"] = std::move(source);
  manifest["source"]["format"] = raw.format;
  manifest["counts"] = split_counts(split);
  manifest["counts"]["users"] = raw.users.size();
  manifest["counts"]["movies"] = raw.movies.size();
  manifest["counts"]["ratings"] = raw.ratings.size();
  manifest["title_len"] = options.title_len;
  manifest["min_token_count"] = options.min_token_count;
  manifest["rating_range"] = {raw.min_rating, raw.max_rating};
  manifest["split"] = {{"kind", split_kind_name(options.split.kind)},
                       {"test_fraction", options.split.test_fraction},
                       {"val_fraction", options.split.val_fraction},
                       {"seed", options.split.seed}};
  manifest["dedup"] = {{"policy", dedup_policy_name(options.dedup)},
                       {"repeated_pairs", dedup.repeated_pairs},
                       {"removed_rows", dedup.removed_rows}};
  manifest["filter"] = {
      {"min_rating", options.filter.min_rating ? nlohmann::json(*options.filter.min_rating)
                                               : nlohmann::json(nullptr)},
      {"min_user_ratings", options.filter.min_user_ratings},
      {"min_movie_ratings", options.filter.min_movie_ratings},
      {"low_ratings_removed", filtered.low_ratings},
      {"core_ratings_removed", filtered.core_ratings},
      {"users_removed", filtered.users_removed},
      {"movies_removed", filtered.movies_removed},
      {"core_rounds", filtered.core_rounds}};
  put_ratings(store, raw.ratings, std::move(split));
  for (const char* vocab :
       {"user_ids", "movie_ids", "genres", "tokens", "genders", "ages", "jobs"}) {
    manifest["vocab_sizes"][vocab] = store.get<uint32_t>(std::string(vocab) + ".sorted").size();
  }
  return Dataset(std::move(store), std::move(manifest));
}

}  // namespace cinerec
