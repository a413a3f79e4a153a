#include "host/model/user_movie_vectors.h"

namespace cinerec {

float UserMovieVectors::score(uint32_t user, uint32_t movie) const {
  const float* u = users.data() + size_t{user} * dim;
  const float* m = movies.data() + size_t{movie} * dim;
  float s = 0.0f;
  for (size_t k = 0; k < dim; ++k)
    s += u[k] * m[k];
  return s;
}

std::vector<float> UserMovieVectors::user_rows(std::span<const uint32_t> rows) const {
  std::vector<float> out;
  for (uint32_t r : rows)
    out.insert(out.end(), users.begin() + r * dim, users.begin() + (r + 1) * dim);
  return out;
}

}  // namespace cinerec
