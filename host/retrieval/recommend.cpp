#include "host/retrieval/recommend.h"

#include <algorithm>
#include <cmath>

#include "host/common/rng.h"
#include "host/cpu/topk.h"

namespace cinerec {
namespace {

std::span<const float> row(const std::vector<float>& matrix, size_t dim, size_t r) {
  return std::span(matrix).subspan(r * dim, dim);
}

// Rows scaled to unit length (zero rows stay zero).
std::vector<float> normalized_rows(const std::vector<float>& matrix, size_t dim) {
  std::vector<float> out(matrix);
  for (size_t r = 0; r < out.size() / dim; ++r) {
    float* x = out.data() + r * dim;
    double norm = 0;
    for (size_t k = 0; k < dim; ++k)
      norm += static_cast<double>(x[k]) * x[k];
    if (norm == 0) continue;
    const auto scale = static_cast<float>(1.0 / std::sqrt(norm));
    for (size_t k = 0; k < dim; ++k)
      x[k] *= scale;
  }
  return out;
}

// The lists of `top`'s rows: each whole, or k of its entries drawn at random (`rng`).
std::vector<std::vector<Recommended>> lists_of(const TopK& top, const ListOptions& options,
                                               Rng* rng) {
  std::vector<std::vector<Recommended>> lists(top.counts.size());
  for (size_t q = 0; q < lists.size(); ++q) {
    auto& list = lists[q];
    for (size_t j = 0; j < top.counts[q]; ++j)
      list.push_back({top.movies[q * top.k + j], top.scores[q * top.k + j]});
    if (!rng) continue;
    // A partial Fisher-Yates shuffle draws k distinct entries.
    const size_t keep = std::min(options.k, list.size());
    for (size_t j = 0; j < keep; ++j)
      std::swap(list[j], list[j + rng->below(list.size() - j)]);
    list.resize(keep);
    std::ranges::sort(list, [](const Recommended& a, const Recommended& b) {
      return a.score > b.score || (a.score == b.score && a.index < b.index);
    });
  }
  return lists;
}

// How many entries each list is drawn from: its top k, or its top kSamplePool to draw k from.
size_t pool_size(const ListOptions& options, const Rng* rng) {
  if (rng && options.k > kSamplePool) {
    throw std::invalid_argument("a sampled list draws k of the top " + std::to_string(kSamplePool) +
                                "; k = " + std::to_string(options.k) + " is more");
  }
  return rng ? kSamplePool : options.k;
}

// The lists of each query row against the candidate rows.
std::vector<std::vector<Recommended>> pick(std::span<const float> queries,
                                           std::span<const float> candidates, size_t dim,
                                           const UserItems* excluded, const ListOptions& options,
                                           Rng* rng) {
  const size_t pool = pool_size(options, rng);
  return lists_of(cpu::top_k(queries, candidates, dim, excluded, pool), options, rng);
}

std::optional<Rng> sampler(const ListOptions& options) {
  if (!options.sample_seed) return std::nullopt;
  return Rng(*options.sample_seed);
}

// One row per query, each excluding the same movie.
UserItems excluding(uint32_t movie, size_t rows) {
  UserItems items;
  for (size_t r = 0; r < rows; ++r) {
    items.items.push_back(movie);
    items.offsets.push_back(items.items.size());
  }
  return items;
}

}  // namespace

std::vector<Recommended> similar_movies(const UserMovieVectors& features, uint32_t movie,
                                        const ListOptions& options) {
  const std::vector<float> unit = normalized_rows(features.movies, features.dim);
  const UserItems self = excluding(movie, 1);
  auto rng = sampler(options);
  return pick(row(unit, features.dim, movie), unit, features.dim, &self, options,
              rng ? &*rng : nullptr)[0];
}

std::vector<Recommended> movies_for_user(const RankingScores& scores, const UserItems& train,
                                         uint32_t user, const ListOptions& options) {
  const UserItems seen = select_rows(train, std::span(&user, 1));
  auto rng = sampler(options);
  Rng* draw = rng ? &*rng : nullptr;
  return lists_of(scores.top_k(std::span(&user, 1), &seen, pool_size(options, draw)), options,
                  draw)[0];
}

std::vector<Fan> fans_of(const UserMovieVectors& vectors, uint32_t movie,
                         const ListOptions& options) {
  auto rng = sampler(options);
  Rng* draw = rng ? &*rng : nullptr;
  // Scores are symmetric dot products: the movie's vector ranks the users like a user's ranks
  // the movies.
  const auto fans = pick(row(vectors.movies, vectors.dim, movie), vectors.users, vectors.dim,
                         nullptr, options, draw)[0];
  std::vector<uint32_t> fan_users;
  for (const Recommended& f : fans)
    fan_users.push_back(f.index);
  const UserItems others = excluding(movie, fans.size());
  const auto favourites =
      pick(vectors.user_rows(fan_users), vectors.movies, vectors.dim, &others, options, draw);
  std::vector<Fan> out;
  for (size_t i = 0; i < fans.size(); ++i)
    out.push_back({fans[i], favourites[i]});
  return out;
}

}  // namespace cinerec
