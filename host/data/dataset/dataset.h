// A prepared data set: dense 0-based indices for users, movies, genres, title tokens and
// demographic values (with the original values both ways), per-movie genre lists and title
// tokens, ratings with timestamps and their split. Backed by an ArrayStore, so it is the same
// object whether fresh from `prepare` or memory-mapped from disk; construction validates every
// index, so later code can trust them.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "host/data/dataset/array_store.h"
#include "host/data/dataset/string_column.h"

namespace cinerec {

enum class Split : uint8_t { kTrain = 0, kVal = 1, kTest = 2 };

// Reserved token ids in every title vocabulary.
inline constexpr int32_t kPadToken = 0;
inline constexpr int32_t kUnknownToken = 1;
// Index 0 of every demographic vocabulary stands for "unknown" (e.g. the moviedata format).
inline constexpr uint32_t kUnknownValue = 0;
inline constexpr const char* kUnknownName = "<unknown>";

class Dataset {
 public:
  Dataset(ArrayStore store, nlohmann::json manifest);

  const nlohmann::json& manifest() const { return manifest_; }
  const ArrayStore& store() const { return store_; }

  size_t num_users() const { return user_ids_.size(); }
  size_t num_movies() const { return movie_ids_.size(); }
  size_t num_ratings() const { return rating_user_.size(); }
  size_t title_len() const { return title_len_; }

  // Vocabularies: index -> original value, and find(value) -> index.
  const StringColumn& user_ids() const { return user_ids_; }
  const StringColumn& movie_ids() const { return movie_ids_; }
  const StringColumn& genres() const { return genres_; }
  const StringColumn& tokens() const { return tokens_; }
  const StringColumn& genders() const { return genders_; }
  const StringColumn& ages() const { return ages_; }
  const StringColumn& jobs() const { return jobs_; }

  std::span<const uint32_t> user_gender() const { return user_gender_; }
  std::span<const uint32_t> user_age() const { return user_age_; }
  std::span<const uint32_t> user_job() const { return user_job_; }

  std::span<const uint32_t> movie_genre_offsets() const { return genre_offsets_; }
  std::span<const uint32_t> movie_genre_list() const { return genre_list_; }
  std::span<const uint32_t> movie_genres(uint32_t movie) const {
    return genre_list_.subspan(genre_offsets_[movie],
                               genre_offsets_[movie + 1] - genre_offsets_[movie]);
  }
  std::span<const int32_t> title_tokens() const { return title_tokens_; }  // movies x title_len
  std::span<const int32_t> movie_title(uint32_t movie) const {
    return title_tokens_.subspan(size_t{movie} * title_len_, title_len_);
  }
  std::span<const int32_t> movie_year() const { return movie_year_; }

  std::span<const uint32_t> rating_user() const { return rating_user_; }
  std::span<const uint32_t> rating_movie() const { return rating_movie_; }
  std::span<const float> rating_value() const { return rating_value_; }
  std::span<const int64_t> rating_time() const { return rating_time_; }
  std::span<const uint8_t> rating_split() const { return rating_split_; }

  // Rating indices of one split, in stored order.
  std::vector<uint32_t> split_indices(Split s) const;

 private:
  ArrayStore store_;
  nlohmann::json manifest_;
  size_t title_len_ = 0;
  StringColumn user_ids_, movie_ids_, genres_, tokens_, genders_, ages_, jobs_;
  std::span<const uint32_t> user_gender_, user_age_, user_job_;
  std::span<const uint32_t> genre_offsets_, genre_list_;
  std::span<const int32_t> title_tokens_, movie_year_;
  std::span<const uint32_t> rating_user_, rating_movie_;
  std::span<const float> rating_value_;
  std::span<const int64_t> rating_time_;
  std::span<const uint8_t> rating_split_;
};

}  // namespace cinerec
