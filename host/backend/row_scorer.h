// What a model whose ranking score is no dot product of a user and a movie vector offers instead
// (UserCF and ItemCF, host/baselines/knn_backend.h; DIN, host/baselines/din_backend.h): rows of
// scores, which evaluation, `score` and `recommend --user` rank as they rank the vector models'
// (host/backend/ranking_scores.h).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace cinerec {

class RowScorer {
 public:
  virtual ~RowScorer() = default;
  virtual size_t num_movies() const = 0;
  // Every movie's ranking score for each listed user: out [users.size(), num_movies()],
  // row-major. A user's row is the same whichever users it is scored with.
  virtual void score_rows(std::span<const uint32_t> users, std::span<float> out) const = 0;
  // The scores of `movies` for `user`, in that order, the same as in its row. By default from
  // its row; a model that scores each pair on its own (DIN) scores only these.
  virtual void score_movies(uint32_t user, std::span<const uint32_t> movies,
                            std::span<float> out) const {
    std::vector<float> row(num_movies());
    score_rows(std::span(&user, 1), row);
    for (size_t i = 0; i < movies.size(); ++i)
      out[i] = row[movies[i]];
  }
};

}  // namespace cinerec
