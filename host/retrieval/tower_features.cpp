#include "host/retrieval/tower_features.h"

#include <algorithm>

namespace cinerec {
namespace {

enum class Tower { kUser, kMovie };

// The towers are independent, so each user is paired with movie 0 (each movie with user 0) and
// only the wanted tower's rows are kept.
void fill_tower(Backend& backend, const Dataset& data, size_t batch_size, size_t dim, Tower tower,
                IndexRange range, std::vector<float>& out) {
  const size_t count = range.count;
  out.resize(count * dim);
  Batch batch;
  std::vector<float> users, movies;
  for (size_t begin = 0; begin < count; begin += batch_size) {
    const size_t n = std::min(batch_size, count - begin);
    batch.clear(0);
    for (size_t i = begin; i < begin + n; ++i) {
      const auto index = static_cast<uint32_t>(range.first + i);
      batch.append(data, tower == Tower::kUser ? index : 0, tower == Tower::kUser ? 0 : index,
                   0.0f);
    }
    users.resize(n * dim);
    movies.resize(n * dim);
    backend.tower_features(batch, users, movies);
    std::ranges::copy(tower == Tower::kUser ? users : movies, out.begin() + begin * dim);
  }
}

}  // namespace

TowerFeatures compute_tower_features(Backend& backend, const Dataset& data, size_t batch_size) {
  return compute_tower_features(backend, data, batch_size, {0, data.num_users()},
                                {0, data.num_movies()});
}

TowerFeatures compute_tower_features(Backend& backend, const Dataset& data, size_t batch_size,
                                     IndexRange users, IndexRange movies) {
  TowerFeatures f;
  f.dim = backend.layout().at("user_fc.bias").size;
  fill_tower(backend, data, batch_size, f.dim, Tower::kUser, users, f.users);
  fill_tower(backend, data, batch_size, f.dim, Tower::kMovie, movies, f.movies);
  return f;
}

}  // namespace cinerec
