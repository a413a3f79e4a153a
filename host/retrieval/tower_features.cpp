#include "host/retrieval/tower_features.h"

#include <algorithm>
#include <numeric>

#include "host/common/finite.h"

namespace cinerec {
namespace {

enum class Tower { kUser, kMovie };

// The towers are independent, so each user is paired with movie 0 (each movie with user 0) and
// only the wanted tower's rows are kept.
void fill_tower(Backend& backend, const Dataset& data, size_t batch_size, size_t dim, Tower tower,
                Indices indices, std::vector<float>& out) {
  const size_t count = indices.size();
  out.resize(count * dim);
  Batch batch;
  std::vector<float> users, movies;
  for (size_t begin = 0; begin < count; begin += batch_size) {
    const size_t n = std::min(batch_size, count - begin);
    batch.clear(0);
    for (const uint32_t index : indices.subspan(begin, n)) {
      batch.append(data, tower == Tower::kUser ? index : 0, tower == Tower::kUser ? 0 : index,
                   0.0f);
    }
    users.resize(n * dim);
    movies.resize(n * dim);
    backend.tower_features(batch, users, movies);
    require_finite(tower == Tower::kUser ? users : movies, "a tower feature vector");
    std::ranges::copy(tower == Tower::kUser ? users : movies, out.begin() + begin * dim);
  }
}

}  // namespace

std::vector<uint32_t> index_range(size_t first, size_t count) {
  std::vector<uint32_t> out(count);
  std::iota(out.begin(), out.end(), static_cast<uint32_t>(first));
  return out;
}

size_t tower_feature_dim(const ParamLayout& layout) {
  return layout.at("user_fc.bias").size;  // once per command, not per step
}

UserMovieVectors compute_tower_features(Backend& backend, const Dataset& data, size_t batch_size) {
  return compute_tower_features(backend, data, batch_size, index_range(0, data.num_users()),
                                index_range(0, data.num_movies()));
}

UserMovieVectors compute_tower_features(Backend& backend, const Dataset& data, size_t batch_size,
                                        Indices users, Indices movies) {
  UserMovieVectors f;
  f.dim = tower_feature_dim(backend.layout());
  fill_tower(backend, data, batch_size, f.dim, Tower::kUser, users, f.users);
  fill_tower(backend, data, batch_size, f.dim, Tower::kMovie, movies, f.movies);
  return f;
}

}  // namespace cinerec
