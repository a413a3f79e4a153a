#include "host/baselines/bpr_backend.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "host/baselines/bpr_loss.h"
#include "host/baselines/xavier_normal.h"

namespace cinerec {
BprModel::BprModel(size_t user_count, size_t movie_count, const BprConfig& config)
    : dim(config.embedding_size),
      users(layout.add_normal("user_embedding", {user_count, dim}, ParamKind::kEmbedding, 0.0,
                              xavier_std(user_count, dim))),
      movies(layout.add_normal("movie_embedding", {movie_count, dim}, ParamKind::kEmbedding, 0.0,
                               xavier_std(movie_count, dim))) {}

BprBackend::BprBackend(size_t users, size_t movies, const BprConfig& config,
                       const OptimizerSettings& optimizer, double positive_threshold, uint64_t seed)
    : ImplicitBaseline(optimizer, positive_threshold, seed), model_(users, movies, config) {
  allocate();
}

double BprBackend::train_ratings(std::span<const uint32_t> ratings) {
  struct Triple {
    uint32_t user, positive, negative;
  };
  std::vector<Triple> triples;
  for (const uint32_t r : ratings) {
    if (!is_positive(r)) continue;
    // A user who rated every movie has no negative: the positive is skipped.
    if (const auto negative = draw_negative(r))
      triples.push_back({data().rating_user()[r], data().rating_movie()[r], *negative});
  }
  if (triples.empty()) return 0.0;
  const size_t d = model_.dim;
  float* p = model_.users.in(params().data());
  float* q = model_.movies.in(params().data());
  float* gp = model_.users.in(grads().data());
  float* gq = model_.movies.in(grads().data());
  const float weight = 1.0f / static_cast<float>(triples.size());  // the batch mean
  double loss = 0.0;
  for (const Triple& t : triples) {
    loss += bpr_backward<float>(p + t.user * d, q + t.positive * d, q + t.negative * d, d, weight,
                                gp + t.user * d, gq + t.positive * d, gq + t.negative * d);
  }
  adam_update();
  return loss;
}

void BprBackend::user_vector(uint32_t user, float* out) const {
  std::copy_n(model_.users.in(params().data()) + size_t{user} * model_.dim, model_.dim, out);
}

void BprBackend::movie_vector(uint32_t movie, float* out) const {
  std::copy_n(model_.movies.in(params().data()) + size_t{movie} * model_.dim, model_.dim, out);
}

}  // namespace cinerec
