#include "host/model/ranking_batch.h"

#include "host/data/dataset/unrated_draw.h"

namespace cinerec {

void gather_ranking_batch(const Dataset& data, std::span<const uint32_t> indices, uint64_t step,
                          const RankingTerm& term, const UserItems& rated, uint64_t seed,
                          uint64_t epoch, Batch& b) {
  b.clear(step);
  b.ranking = term;
  for (const uint32_t r : indices) {
    const uint32_t user = data.rating_user()[r], movie = data.rating_movie()[r];
    b.append(data, user, movie, data.rating_value()[r]);
    b.weight.push_back(1.0f);
    const bool positive = data.rating_value()[r] >= term.min_rating;
    Rng rng = negative_rng(seed, epoch, r);
    for (size_t k = 0; k < term.negatives; ++k) {
      const auto drawn = draw_unrated(rated.row(user), data.num_movies(), rng);
      b.append(data, user, drawn.value_or(movie), term.target);
      b.weight.push_back(drawn && positive ? term.weight : 0.0f);
    }
  }
}

}  // namespace cinerec
