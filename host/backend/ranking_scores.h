// What the ranking protocols, `score` and `recommend --user` need of a model's ranking scores,
// whichever way it computes them (host/runtime/ranking_scorers.h): the dot products of its score
// vectors, or the rows of its RowScorer.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "host/backend/top_k.h"

namespace cinerec {

struct RankingScores {
  size_t num_movies = 0;
  // The scores of `movies` for `user`, in that order.
  std::function<std::vector<float>(uint32_t user, std::span<const uint32_t> movies)> of;
  // Each listed user's top k movies, without row i of `excluded` for users[i] (nullptr: none).
  std::function<TopK(std::span<const uint32_t> users, const UserItems* excluded, size_t k)> top_k;
};

}  // namespace cinerec
