#include "host/baselines/bpr_backend.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "host/backend/top_k.h"
#include "host/baselines/bpr_loss.h"
#include "host/baselines/xavier_normal.h"
#include "host/common/rng.h"
#include "host/data/dataset/unrated_draw.h"

namespace cinerec {
BprModel::BprModel(size_t user_count, size_t movie_count, const BprConfig& config)
    : dim(config.embedding_size),
      users(layout.add_normal("user_embedding", {user_count, dim}, ParamKind::kEmbedding, 0.0,
                              xavier_std(user_count, dim))),
      movies(layout.add_normal("movie_embedding", {movie_count, dim}, ParamKind::kEmbedding, 0.0,
                               xavier_std(movie_count, dim))) {}

BprBackend::BprBackend(size_t users, size_t movies, const BprConfig& config,
                       const OptimizerSettings& optimizer, double positive_threshold, uint64_t seed)
    : model_(users, movies, config),
      optimizer_(optimizer),
      positive_threshold_(static_cast<float>(positive_threshold)),
      seed_(seed),
      grads_(model_.layout.total(), 0.0f) {
  allocate_state();
}

void BprBackend::bind_data(const Dataset& data) {
  BaselineBackend::bind_data(data);
  rated_ = rated_items(data, {Split::kTrain});
}

// A user who rated every movie has no negative (kNoMovie: the positive is skipped).
uint32_t BprBackend::negative_for(uint32_t rating) const {
  Rng rng(seed_ ^ (epoch() * 0x9E3779B97F4A7C15ull), rating);
  return draw_unrated(rated_.row(data().rating_user()[rating]), data().num_movies(), rng)
      .value_or(kNoMovie);
}

double BprBackend::train_ratings(std::span<const uint32_t> ratings) {
  struct Triple {
    uint32_t user, positive, negative;
  };
  std::vector<Triple> triples;
  for (const uint32_t r : ratings) {
    if (data().rating_value()[r] < positive_threshold_) continue;
    const uint32_t negative = negative_for(r);
    if (negative != kNoMovie)
      triples.push_back({data().rating_user()[r], data().rating_movie()[r], negative});
  }
  if (triples.empty()) return 0.0;
  const size_t d = model_.dim;
  float* p = model_.users.in(params().data());
  float* q = model_.movies.in(params().data());
  float* gp = model_.users.in(grads_.data());
  float* gq = model_.movies.in(grads_.data());
  const float weight = 1.0f / static_cast<float>(triples.size());  // the batch mean
  double loss = 0.0;
  for (const Triple& t : triples) {
    loss += bpr_backward<float>(p + t.user * d, q + t.positive * d, q + t.negative * d, d, weight,
                                gp + t.user * d, gq + t.positive * d, gq + t.negative * d);
  }
  adam_step(grads_, optimizer_.adam);
  return loss;
}

void BprBackend::user_vector(uint32_t user, float* out) const {
  std::copy_n(model_.users.in(params().data()) + size_t{user} * model_.dim, model_.dim, out);
}

void BprBackend::movie_vector(uint32_t movie, float* out) const {
  std::copy_n(model_.movies.in(params().data()) + size_t{movie} * model_.dim, model_.dim, out);
}

}  // namespace cinerec
