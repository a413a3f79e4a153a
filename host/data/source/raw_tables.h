// The three tables every reader produces, before indexing: users, movies and ratings with their
// original ids and values, whatever the source format. Readers validate rows; `prepare` turns
// this into the dense, split, tokenised dataset.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace cinerec {

struct RawUser {
  std::string id;
  // Demographic values as written in the source ("F", "25", "7", "programmer"); an empty
  // string means unknown (the moviedata format has none).
  std::string gender;
  std::string age;
  std::string job;
};

struct RawMovie {
  std::string id;
  std::string title;                // UTF-8, as in the source (year suffix included)
  std::vector<std::string> genres;  // in source order, duplicates removed
  int32_t year = 0;                 // 0 when unknown
};

// Which part of a source-defined split a rating came from (ML-100K's FOLD.base / FOLD.test).
enum class SourceFold : uint8_t { kNone = 0, kBase = 1, kTest = 2 };

struct RawRating {
  uint32_t user = 0;   // index into RawTables::users
  uint32_t movie = 0;  // index into RawTables::movies
  float value = 0.0f;
  int64_t timestamp = 0;  // Unix seconds, UTC
  SourceFold fold = SourceFold::kNone;
};

struct RawTables {
  std::string format;  // "douban", "moviedata", "ml-1m", "ml-100k"
  std::vector<RawUser> users;
  std::vector<RawMovie> movies;
  std::vector<RawRating> ratings;  // in file order
  float min_rating = 1.0f;
  float max_rating = 5.0f;
};

}  // namespace cinerec
