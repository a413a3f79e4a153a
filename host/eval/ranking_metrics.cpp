#include "host/eval/ranking_metrics.h"

#include <algorithm>
#include <cmath>

namespace cinerec {
namespace {

double discount(size_t rank) {
  return 1.0 / std::log2(static_cast<double>(rank) + 1.0);
}

}  // namespace

RankingMetrics::RankingMetrics(std::vector<size_t> cutoffs)
    : cutoffs_(std::move(cutoffs)), sums_(cutoffs_.size()) {}

void RankingMetrics::add(std::span<const size_t> hit_ranks, size_t relevant) {
  ++count_;
  for (size_t c = 0; c < cutoffs_.size(); ++c) {
    const size_t k = cutoffs_[c];
    double dcg = 0, ideal = 0;
    size_t hits = 0;
    for (size_t r : hit_ranks) {
      if (r > k) break;
      ++hits;
      dcg += discount(r);
    }
    for (size_t r = 1; r <= std::min(relevant, k); ++r)
      ideal += discount(r);
    Sums& s = sums_[c];
    s.recall += static_cast<double>(hits) / static_cast<double>(relevant);
    s.precision += static_cast<double>(hits) / static_cast<double>(k);
    s.hit += hits > 0 ? 1.0 : 0.0;
    s.mrr += hits > 0 ? 1.0 / static_cast<double>(hit_ranks[0]) : 0.0;
    s.ndcg += dcg / ideal;
  }
}

void RankingMetrics::add_list(std::span<const uint32_t> ranked,
                              std::span<const uint32_t> relevant) {
  std::vector<size_t> hit_ranks;
  for (size_t i = 0; i < ranked.size(); ++i) {
    if (std::ranges::binary_search(relevant, ranked[i])) hit_ranks.push_back(i + 1);
  }
  add(hit_ranks, relevant.size());
}

void RankingMetrics::add_rank(size_t rank) {
  add(std::span(&rank, 1), 1);
}

void RankingMetrics::sum_over_ranks(Communicator& world) {
  // Five sums per cutoff and the count (exact in a double up to 2^53), reduced at once.
  std::vector<double> all;
  for (const Sums& s : sums_)
    all.insert(all.end(), {s.recall, s.ndcg, s.hit, s.precision, s.mrr});
  all.push_back(static_cast<double>(count_));
  world.sum(all);
  for (size_t c = 0; c < sums_.size(); ++c)
    sums_[c] = {all[5 * c], all[5 * c + 1], all[5 * c + 2], all[5 * c + 3], all[5 * c + 4]};
  count_ = static_cast<size_t>(all.back());
}

nlohmann::json RankingMetrics::to_json() const {
  nlohmann::json out = nlohmann::json::object();
  const double n = count_ > 0 ? static_cast<double>(count_) : 1.0;
  for (size_t c = 0; c < cutoffs_.size(); ++c) {
    const std::string at = "@" + std::to_string(cutoffs_[c]);
    const Sums& s = sums_[c];
    out["recall" + at] = s.recall / n;
    out["ndcg" + at] = s.ndcg / n;
    out["hit" + at] = s.hit / n;
    out["precision" + at] = s.precision / n;
    out["mrr" + at] = s.mrr / n;
  }
  out["count"] = count_;
  return out;
}

}  // namespace cinerec
