// Top-K retrieval on the CPU (the twin of kernels/topk.cu): for each row of `users`, the K
// movies with the highest dot product with it, skipping the row's excluded movies. Ties go to the
// smaller movie index. Blocked: one GEMM per (user tile x movie chunk) and a running top-K per
// user, so memory is bounded by the tile sizes, never users x movies; OpenMP over user tiles.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <vector>

#include "host/retrieval/user_items.h"

namespace cinerec {

// 512 x 1024 keeps a thread's score tile (2 MiB) near its core while the GEMM still runs at full
// speed (bench/RESULTS.md has the sweep).
struct TopKTiling {
  size_t user_tile = 512;
  size_t movie_chunk = 1024;
};

// The most candidates per user the GPU kernel keeps; the CLI and the config accept no larger k.
inline constexpr size_t kMaxTopK = 1024;
inline constexpr uint32_t kNoMovie = std::numeric_limits<uint32_t>::max();

// A movie with its score, and the order every top-k list follows: higher score first, then the
// smaller movie index.
struct ScoredMovie {
  float score;
  uint32_t movie;
};
inline bool ranks_before(const ScoredMovie& a, const ScoredMovie& b) {
  return a.score > b.score || (a.score == b.score && a.movie < b.movie);
}

struct TopK {
  size_t k = 0;
  // [users, k], best first. A user with fewer than k candidate movies gets counts[u] < k entries;
  // the rest of the row is padded with kNoMovie and -infinity.
  std::vector<uint32_t> movies;
  std::vector<float> scores;
  std::vector<uint32_t> counts;
};

// users [U, dim] and movies [M, dim] row-major. `excluded` (nullptr: nothing) has one row per
// user. Throws std::invalid_argument for k = 0, sizes that are not multiples of dim or an
// excluded set with the wrong number of rows.

TopK top_k(std::span<const float> users, std::span<const float> movies, size_t dim,
           const UserItems* excluded, size_t k, const TopKTiling& tiling = {});

// A top-k implementation (CPU or GPU) with top_k's arguments and result.
using TopKScorer = std::function<TopK(std::span<const float> users, std::span<const float> movies,
                                      size_t dim, const UserItems* excluded, size_t k)>;

}  // namespace cinerec
