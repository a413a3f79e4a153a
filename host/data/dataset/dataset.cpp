#include "host/data/dataset/dataset.h"

#include <algorithm>
#include <stdexcept>

#include "host/common/checked_math.h"

namespace cinerec {
namespace {

template <class T>
void check_size(std::span<const T> a, size_t n, const char* name) {
  if (a.size() != n) {
    throw std::runtime_error(std::string("dataset array ") + name + " has " +
                             std::to_string(a.size()) + " entries, expected " + std::to_string(n));
  }
}

template <class T>
void check_below(std::span<const T> a, size_t limit, const char* name) {
  for (T v : a) {
    if (v < 0 || static_cast<size_t>(v) >= limit) {
      throw std::runtime_error(std::string("dataset array ") + name + " holds index " +
                               std::to_string(v) + ", outside [0, " + std::to_string(limit) + ")");
    }
  }
}

}  // namespace

Dataset::Dataset(ArrayStore store, nlohmann::json manifest)
    : store_(std::move(store)), manifest_(std::move(manifest)) {
  title_len_ = manifest_.at("title_len").get<size_t>();
  user_ids_ = StringColumn(store_, "user_ids");
  movie_ids_ = StringColumn(store_, "movie_ids");
  genres_ = StringColumn(store_, "genres");
  tokens_ = StringColumn(store_, "tokens");
  genders_ = StringColumn(store_, "genders");
  ages_ = StringColumn(store_, "ages");
  jobs_ = StringColumn(store_, "jobs");
  user_gender_ = store_.get<uint32_t>("user_gender");
  user_age_ = store_.get<uint32_t>("user_age");
  user_job_ = store_.get<uint32_t>("user_job");
  genre_offsets_ = store_.get<uint32_t>("movie_genre_offsets");
  genre_list_ = store_.get<uint32_t>("movie_genres");
  title_tokens_ = store_.get<int32_t>("movie_title_tokens");
  movie_year_ = store_.get<int32_t>("movie_year");
  rating_user_ = store_.get<uint32_t>("rating_user");
  rating_movie_ = store_.get<uint32_t>("rating_movie");
  rating_value_ = store_.get<float>("rating_value");
  rating_time_ = store_.get<int64_t>("rating_time");
  rating_split_ = store_.get<uint8_t>("rating_split");

  const size_t users = num_users(), movies = num_movies(), ratings = num_ratings();
  check_size(user_gender_, users, "user_gender");
  check_size(user_age_, users, "user_age");
  check_size(user_job_, users, "user_job");
  check_below(user_gender_, genders_.size(), "user_gender");
  check_below(user_age_, ages_.size(), "user_age");
  check_below(user_job_, jobs_.size(), "user_job");
  check_size(genre_offsets_, movies + 1, "movie_genre_offsets");
  if (genre_offsets_.front() != 0 || genre_offsets_.back() != genre_list_.size() ||
      !std::is_sorted(genre_offsets_.begin(), genre_offsets_.end())) {
    throw std::runtime_error("dataset array movie_genre_offsets is not a valid offset list");
  }
  check_below(genre_list_, genres_.size(), "movie_genres");
  // title_len comes from the manifest: a wrapped product could pass with rows too short.
  check_size(title_tokens_, checked_mul(movies, title_len_, "manifest.json title_len"),
             "movie_title_tokens");
  check_below(title_tokens_, tokens_.size(), "movie_title_tokens");
  check_size(movie_year_, movies, "movie_year");
  check_size(rating_movie_, ratings, "rating_movie");
  check_size(rating_value_, ratings, "rating_value");
  check_size(rating_time_, ratings, "rating_time");
  check_size(rating_split_, ratings, "rating_split");
  check_below(rating_user_, users, "rating_user");
  check_below(rating_movie_, movies, "rating_movie");
  check_below(rating_split_, 3, "rating_split");
}

std::vector<uint32_t> Dataset::split_indices(Split s) const {
  std::vector<uint32_t> out;
  for (size_t i = 0; i < rating_split_.size(); ++i) {
    if (rating_split_[i] == static_cast<uint8_t>(s)) out.push_back(static_cast<uint32_t>(i));
  }
  return out;
}

}  // namespace cinerec
