// What a model whose ranking score is no dot product of a user and a movie vector offers instead
// (UserCF and ItemCF, host/baselines/knn_backend.h): whole rows of scores, which evaluation,
// `score` and `recommend --user` rank as they rank the vector models' (host/backend/
// ranking_scores.h).
#pragma once

#include <cstdint>
#include <span>

namespace cinerec {

class RowScorer {
 public:
  virtual ~RowScorer() = default;
  virtual size_t num_movies() const = 0;
  // Every movie's ranking score for each listed user: out [users.size(), num_movies()],
  // row-major. A user's row is the same whichever users it is scored with.
  virtual void score_rows(std::span<const uint32_t> users, std::span<float> out) const = 0;
};

}  // namespace cinerec
