// Small hand-built RawTables for tests of everything downstream of the readers.
#pragma once

#include <string>
#include <vector>

#include "host/data/source/raw_tables.h"

namespace cinerec::testing {

// `users` users and `movies` movies with Douban-like metadata; ratings cycle deterministically
// over (user, movie) pairs with distinct timestamps 1000, 1001, ...
inline RawTables make_raw_tables(size_t users, size_t movies, size_t ratings) {
  RawTables raw;
  raw.format = "douban";
  static const char* kGenders[] = {"F", "M", ""};
  static const char* kAges[] = {"1", "18", "25", "56"};
  for (size_t u = 0; u < users; ++u) {
    raw.users.push_back(
        {"u" + std::to_string(100 + u), kGenders[u % 3], kAges[u % 4], std::to_string(u % 21)});
  }
  static const char* kTitles[] = {"星球大战", "爱情公寓 Love Apartment", "Toy Story 2 (1995)",
                                  "大话西游"};
  static const char* kGenres[] = {"剧情", "爱情", "喜剧"};
  for (size_t m = 0; m < movies; ++m) {
    RawMovie movie{"m" + std::to_string(5000 + m), kTitles[m % 4], {kGenres[m % 3]}, 0};
    if (m % 2 == 0) movie.genres.push_back(kGenres[(m + 1) % 3]);
    raw.movies.push_back(movie);
  }
  for (size_t i = 0; i < ratings; ++i) {
    raw.ratings.push_back(
        {static_cast<uint32_t>(i % users), static_cast<uint32_t>((i * 7 + i / users) % movies),
         static_cast<float>(1 + i % 5), static_cast<int64_t>(1000 + i), SourceFold::kNone});
  }
  return raw;
}

}  // namespace cinerec::testing
