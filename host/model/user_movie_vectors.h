// One vector per user and one per movie, of the same width, row-major: the tower features, and
// the score vectors derived from them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace cinerec {

struct UserMovieVectors {
  size_t dim = 0;
  std::vector<float> users;   // [num_users, dim]
  std::vector<float> movies;  // [num_movies, dim]

  // The dot product of the user's and the movie's vectors.
  float score(uint32_t user, uint32_t movie) const;
  // The rows of `users`, in that order.
  std::vector<float> user_rows(std::span<const uint32_t> users) const;
};

}  // namespace cinerec
