// What a top-k search returns, on any device: per user the K movies with the highest scores,
// best first, ties to the smaller movie index; and the signature of a search (the CPU's
// host/cpu/topk.h, the GPU's cuda/topk_search.h), so callers never know which one runs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <vector>

#include "host/config/limits.h"
#include "host/data/dataset/user_items.h"

namespace cinerec {

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

// users [U, dim] and movies [M, dim] row-major; `excluded` (nullptr: nothing) has one row per
// user, movies never to list for it.
using TopKScorer = std::function<TopK(std::span<const float> users, std::span<const float> movies,
                                      size_t dim, const UserItems* excluded, size_t k)>;

}  // namespace cinerec
