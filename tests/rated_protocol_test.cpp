// The paper's "rated" protocol: graded NDCG worked by hand, and the protocol on a small dataset
// whose predicted ratings the test sets (score vectors of width 1: the user's is 1, the movie's
// its predicted rating), against counts taken directly from the split.
#include "host/eval/rated_protocol.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "host/runtime/ranking_scorers.h"
#include "host/runtime/topk_scorer.h"
#include "tests/retrieval_fixture.h"

namespace cinerec {
namespace {

TEST(RatedProtocol, GradedNdcgByHand) {
  const double l3 = std::log2(3.0);
  EXPECT_NEAR(graded_ndcg({3, 5, 1}, 3), (3 + 5 / l3 + 1 / 2.0) / (5 + 3 / l3 + 1 / 2.0), 1e-12);
  EXPECT_NEAR(graded_ndcg({3, 5, 1}, 1), 3.0 / 5.0, 1e-12);
  EXPECT_NEAR(graded_ndcg({5, 4, 4, 1}, 10), 1.0, 1e-12);  // already best first
  EXPECT_EQ(graded_ndcg({0, 0}, 10), 0.0);
  EXPECT_EQ(graded_ndcg({}, 10), 0.0);
}

TEST(RatedProtocol, CountsAndNdcgOnASmallDataset) {
  const Dataset data = testing::small_dataset(12, 40, 150);
  UserMovieVectors v{1, std::vector<float>(data.num_users(), 1.0f), {}};
  for (uint32_t m = 0; m < data.num_movies(); ++m)
    v.movies.push_back(1.0f + static_cast<float>(m % 9) * 0.5f);  // predictions 1 .. 5
  EvalConfig config;
  config.topk = {3};
  const RatedMetrics r =
      rated_ranking(vector_ranking_scores(v, make_topk_scorer("cpu")), data, Split::kTest, config);
  double tp = 0, fp = 0, fn = 0, tn = 0;
  std::vector<bool> has(data.num_users(), false);
  for (const uint32_t i : data.split_indices(Split::kTest)) {
    const bool liked = data.rating_value()[i] >= 4.0f;
    const bool predicted = v.movies[data.rating_movie()[i]] >= 4.0f;
    (liked ? (predicted ? tp : fn) : (predicted ? fp : tn)) += 1;
    has[data.rating_user()[i]] = true;
  }
  EXPECT_EQ(r.tp, tp);
  EXPECT_EQ(r.fp, fp);
  EXPECT_EQ(r.fn, fn);
  EXPECT_EQ(r.tn, tn);
  EXPECT_EQ(r.users, static_cast<double>(std::count(has.begin(), has.end(), true)));
  EXPECT_GT(tp + fn, 0);
  const nlohmann::json j = r.to_json();
  EXPECT_NEAR(j.at("recall").get<double>(), tp / (tp + fn), 1e-15);
  EXPECT_GT(j.at("ndcg@3").get<double>(), 0.0);
  EXPECT_LE(j.at("ndcg@3").get<double>(), 1.0);

  // NDCG: each user's test movies ordered by prediction (ties: smaller index), graded_ndcg
  // (checked by hand above) of their true ratings, averaged over the users.
  std::vector<std::vector<std::pair<uint32_t, float>>> mine(data.num_users());
  for (const uint32_t i : data.split_indices(Split::kTest))
    mine[data.rating_user()[i]].push_back({data.rating_movie()[i], data.rating_value()[i]});
  double sum = 0;
  for (auto& list : mine) {
    if (list.empty()) continue;
    std::ranges::sort(list, [&](const auto& a, const auto& b) {
      const float pa = v.movies[a.first], pb = v.movies[b.first];
      return pa > pb || (pa == pb && a.first < b.first);
    });
    std::vector<float> ranked;
    for (const auto& [m, rating] : list)
      ranked.push_back(rating);
    sum += graded_ndcg(ranked, 3);
  }
  EXPECT_NEAR(j.at("ndcg@3").get<double>(), sum / r.users, 1e-12);
}

}  // namespace
}  // namespace cinerec
