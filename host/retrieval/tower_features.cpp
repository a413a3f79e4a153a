#include "host/retrieval/tower_features.h"

#include <algorithm>
#include <numeric>

#include "host/common/finite.h"

namespace cinerec {
namespace {

enum class Tower { kUser, kMovie };

// The towers are independent, so each user is paired with movie 0 (each movie with user 0) and
// only the wanted tower's rows are kept. Every batch has `batch_size` rows, a short one padded
// with index 0: BLAS libraries take other kernels for other shapes (cuBLAS by the row count),
// whose sums round differently, so only a fixed shape gives a row the same bits whichever rows
// share its batch on every backend (the CPU's forward is row by row anyway, host/cpu/row_gemm.h):
// what makes `score --users` agree with the full list and `score` across ranks with one process
// (tests/score_vectors_test.cpp).
void fill_tower(Backend& backend, const Dataset& data, size_t batch_size, size_t dim, Tower tower,
                Indices indices, std::vector<float>& out) {
  const size_t count = indices.size();
  out.resize(count * dim);
  Batch batch;
  std::vector<float> users(batch_size * dim), movies(batch_size * dim);
  for (size_t begin = 0; begin < count; begin += batch_size) {
    const size_t n = std::min(batch_size, count - begin);
    batch.clear(0);
    for (size_t i = 0; i < batch_size; ++i) {
      const uint32_t index = i < n ? indices[begin + i] : 0;
      batch.append(data, tower == Tower::kUser ? index : 0, tower == Tower::kUser ? 0 : index,
                   0.0f);
    }
    backend.tower_features(batch, users, movies);
    const auto rows = std::span(tower == Tower::kUser ? users : movies).first(n * dim);
    require_finite(rows, "a tower feature vector");
    std::ranges::copy(rows, out.begin() + static_cast<ptrdiff_t>(begin * dim));
  }
}

}  // namespace

std::vector<uint32_t> index_range(size_t first, size_t count) {
  std::vector<uint32_t> out(count);
  std::iota(out.begin(), out.end(), static_cast<uint32_t>(first));
  return out;
}

UserMovieVectors compute_tower_features(Backend& backend, const Dataset& data, size_t batch_size) {
  return compute_tower_features(backend, data, batch_size, index_range(0, data.num_users()),
                                index_range(0, data.num_movies()));
}

UserMovieVectors compute_tower_features(Backend& backend, const Dataset& data, size_t batch_size,
                                        Indices users, Indices movies) {
  UserMovieVectors f;
  f.dim = backend.feature_dim();
  fill_tower(backend, data, batch_size, f.dim, Tower::kUser, users, f.users);
  fill_tower(backend, data, batch_size, f.dim, Tower::kMovie, movies, f.movies);
  return f;
}

}  // namespace cinerec
