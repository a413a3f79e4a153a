// Top-K ranking metrics with RecBole's formulas (docs/metrics.md): Recall, NDCG, Hit, Precision
// and MRR at each cutoff K, averaged over the evaluated units (users, or sampled (user, item)
// pairs).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include <nlohmann/json.hpp>

#include "host/comm/communicator.h"

namespace cinerec {

class RankingMetrics {
 public:
  explicit RankingMetrics(std::vector<size_t> cutoffs);

  // One user's ranked list (best first, at least max K long unless fewer candidates exist)
  // against the user's relevant items (sorted ascending, non-empty).
  void add_list(std::span<const uint32_t> ranked, std::span<const uint32_t> relevant);
  // One relevant item at 1-based `rank` among its candidates (the sampled protocol).
  void add_rank(size_t rank);

  size_t count() const { return count_; }
  // Adds up every rank's sums and counts (a collective), so each rank holds the whole job's.
  void sum_over_ranks(Communicator& world);
  // {"recall@10": ..., "ndcg@10": ..., "hit@10": ..., "precision@10": ..., "mrr@10": ..., ...,
  //  "count": N}; the metrics are 0 when nothing was added.
  nlohmann::json to_json() const;

 private:
  struct Sums {
    double recall = 0, ndcg = 0, hit = 0, precision = 0, mrr = 0;
  };
  // hit_ranks: the 1-based ranks of the relevant items within the top K, ascending.
  void add(std::span<const size_t> hit_ranks, size_t relevant);

  std::vector<size_t> cutoffs_;
  std::vector<Sums> sums_;
  size_t count_ = 0;
};

}  // namespace cinerec
