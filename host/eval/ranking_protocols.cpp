#include "host/eval/ranking_protocols.h"

#include <algorithm>
#include <vector>

#include "host/common/rng.h"
#include "host/data/dataset/user_items.h"

namespace cinerec {
namespace {

UserItems relevant_items(const Dataset& data, Split split, const EvalConfig& config) {
  return rated_items(data, {split}, static_cast<float>(config.relevance_threshold));
}

// This rank's contiguous share of the users with items.
std::vector<uint32_t> users_with_items(const UserItems& items, const Communicator& world) {
  std::vector<uint32_t> users;
  for (size_t u = 0; u < items.rows(); ++u) {
    if (!items.row(u).empty()) users.push_back(static_cast<uint32_t>(u));
  }
  const Share mine = share_of(users.size(), world.rank(), world.size());
  const auto first = users.begin() + static_cast<ptrdiff_t>(mine.first);
  return {first, first + static_cast<ptrdiff_t>(mine.count)};
}

// Up to `n` distinct movies the user never rated (`rated` sorted), uniformly at random.
std::vector<uint32_t> sample_unrated(std::span<const uint32_t> rated, size_t movies, size_t n,
                                     Rng& rng) {
  std::vector<uint32_t> picked;
  if (movies - rated.size() <= n) {
    for (uint32_t m = 0; m < movies; ++m) {
      if (!std::ranges::binary_search(rated, m)) picked.push_back(m);
    }
    return picked;
  }
  while (picked.size() < n) {
    const auto m = static_cast<uint32_t>(rng.below(movies));
    if (!std::ranges::binary_search(rated, m) && std::ranges::find(picked, m) == picked.end()) {
      picked.push_back(m);
    }
  }
  return picked;
}

// 1-based rank of `item` (score `s`) among `others` (scores `o`), ties to the smaller movie
// index as in top-k.
size_t rank_among(uint32_t item, float s, std::span<const uint32_t> others,
                  std::span<const float> o) {
  size_t rank = 1;
  for (size_t j = 0; j < others.size(); ++j)
    rank += o[j] > s || (o[j] == s && others[j] < item);
  return rank;
}

}  // namespace

RankingMetrics full_ranking(const RankingScores& scores, const Dataset& data, Split split,
                            const EvalConfig& config, Communicator& world) {
  const UserItems relevant = relevant_items(data, split, config);
  const std::vector<uint32_t> users = users_with_items(relevant, world);
  const UserItems seen = select_rows(rated_items(data, {Split::kTrain}), users);
  const size_t k = std::ranges::max(config.topk);
  const TopK top = scores.top_k(users, &seen, k);
  RankingMetrics metrics(config.topk);
  for (size_t i = 0; i < users.size(); ++i) {
    metrics.add_list(std::span(top.movies).subspan(i * k, top.counts[i]), relevant.row(users[i]));
  }
  metrics.sum_over_ranks(world);
  return metrics;
}

RankingMetrics sampled_ranking(const RankingScores& scores, const Dataset& data, Split split,
                               const EvalConfig& config, Communicator& world) {
  const UserItems relevant = relevant_items(data, split, config);
  const UserItems rated = rated_items(data, {Split::kTrain, Split::kVal, Split::kTest});
  const std::vector<uint32_t> users = users_with_items(relevant, world);
  // Users in parallel, ranks added in user order: the same metrics for any thread count. A
  // user's candidates (each relevant item, then its negatives) are scored in one call.
  std::vector<std::vector<size_t>> ranks(users.size());
#pragma omp parallel for schedule(dynamic)
  for (size_t i = 0; i < users.size(); ++i) {
    const uint32_t user = users[i];
    Rng rng(config.seed, user);  // per user, so the draw does not depend on the other users
    std::vector<uint32_t> candidates;
    std::vector<size_t> starts;
    for (uint32_t item : relevant.row(user)) {
      starts.push_back(candidates.size());
      candidates.push_back(item);
      const auto negatives =
          sample_unrated(rated.row(user), data.num_movies(), config.sampled_negatives, rng);
      candidates.insert(candidates.end(), negatives.begin(), negatives.end());
    }
    starts.push_back(candidates.size());
    const std::vector<float> s = scores.of(user, candidates);
    for (size_t j = 0; j + 1 < starts.size(); ++j) {
      const size_t at = starts[j], n = starts[j + 1] - at - 1;
      ranks[i].push_back(rank_among(candidates[at], s[at], std::span(candidates).subspan(at + 1, n),
                                    std::span(s).subspan(at + 1, n)));
    }
  }
  RankingMetrics metrics(config.topk);
  for (const auto& user_ranks : ranks) {
    for (const size_t rank : user_ranks)
      metrics.add_rank(rank);
  }
  metrics.sum_over_ranks(world);
  return metrics;
}

}  // namespace cinerec
