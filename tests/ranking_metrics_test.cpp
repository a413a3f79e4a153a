// RecBole's top-K formulas on hand-computed lists, and both protocols against brute force on a
// small model.
#include "host//eval/ranking_metrics.h"
#include "host/retrieval/score_vectors.h"
#include "host/runtime/ranking_scorers.h"
#include "host/runtime/topk_scorer.h"

#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>

#include "host/eval/ranking_protocols.h"
#include "host/retrieval/model_vectors.h"
#include "tests/retrieval_fixture.h"

namespace cinerec {
namespace {

TEST(RankingMetrics, HandComputedLists) {
  RankingMetrics m({1, 3, 5});
  // User A: relevant {1, 2, 3}; hits at ranks 2 (movie 2) and 4 (movie 1).
  m.add_list(std::vector<uint32_t>{5, 2, 9, 1, 7}, std::vector<uint32_t>{1, 2, 3});
  // User B: relevant {4}, hit at rank 1 of a list shorter than K.
  m.add_list(std::vector<uint32_t>{4, 8}, std::vector<uint32_t>{4});
  const nlohmann::json j = m.to_json();
  EXPECT_EQ(j["count"], 2);
  // K = 1: A misses, B hits.
  EXPECT_DOUBLE_EQ(j["recall@1"], 0.5);
  EXPECT_DOUBLE_EQ(j["precision@1"], 0.5);
  EXPECT_DOUBLE_EQ(j["hit@1"], 0.5);
  EXPECT_DOUBLE_EQ(j["mrr@1"], 0.5);
  EXPECT_DOUBLE_EQ(j["ndcg@1"], 0.5);
  // K = 3: A has 1 hit at rank 2; IDCG over 3 positions = 1 + 1/log2(3) + 1/2 = 2.1309297536.
  EXPECT_NEAR(j["recall@3"], (1.0 / 3 + 1) / 2, 1e-12);
  EXPECT_NEAR(j["precision@3"], (1.0 / 3 + 1.0 / 3) / 2, 1e-12);
  EXPECT_DOUBLE_EQ(j["hit@3"], 1.0);
  EXPECT_DOUBLE_EQ(j["mrr@3"], (0.5 + 1) / 2);
  EXPECT_NEAR(j["ndcg@3"], (0.6309297536 / 2.1309297536 + 1) / 2, 1e-9);
  // K = 5: A has hits at 2 and 4: DCG = 1/log2(3) + 1/log2(5) = 0.6309297536 + 0.4306765581.
  EXPECT_NEAR(j["recall@5"], (2.0 / 3 + 1) / 2, 1e-12);
  EXPECT_NEAR(j["precision@5"], (0.4 + 0.2) / 2, 1e-12);
  EXPECT_DOUBLE_EQ(j["mrr@5"], 0.75);
  EXPECT_NEAR(j["ndcg@5"], (1.0616063117 / 2.1309297536 + 1) / 2, 1e-9);
}

TEST(RankingMetrics, HandComputedSampledRanks) {
  RankingMetrics m({1, 5});
  m.add_rank(3);  // within 5: hit, mrr 1/3, ndcg 1/log2(4) = 0.5
  m.add_rank(7);  // a miss at both cutoffs
  const nlohmann::json j = m.to_json();
  EXPECT_DOUBLE_EQ(j["hit@1"], 0.0);
  EXPECT_DOUBLE_EQ(j["hit@5"], 0.5);
  EXPECT_DOUBLE_EQ(j["recall@5"], 0.5);
  EXPECT_DOUBLE_EQ(j["precision@5"], (0.2 + 0) / 2);
  EXPECT_DOUBLE_EQ(j["mrr@5"], 1.0 / 6);
  EXPECT_DOUBLE_EQ(j["ndcg@5"], 0.25);
}

TEST(RankingMetrics, NothingAddedGivesZeros) {
  const nlohmann::json j = RankingMetrics({10}).to_json();
  EXPECT_EQ(j["count"], 0);
  EXPECT_EQ(j["recall@10"], 0.0);
}

struct Model {
  Dataset data = testing::small_dataset(15, 60, 400);
  std::unique_ptr<cpu::CpuBackend> backend =
      testing::random_backend(testing::small_spec(data, Head::kDot, true), 2);
  UserMovieVectors v = make_score_vectors(compute_tower_features(*backend, data, 64),
                                          ModelWiring(testing::small_spec(data, Head::kDot, true)),
                                          backend->state().params);

  // Movies of `user` with ratings >= min in `split`, straight from the rating arrays.
  std::vector<uint32_t> rated(uint32_t user, int split, float min) const {
    std::vector<uint32_t> out;
    for (size_t r = 0; r < data.num_ratings(); ++r) {
      if (data.rating_user()[r] == user && (split < 0 || data.rating_split()[r] == split) &&
          data.rating_value()[r] >= min) {
        out.push_back(data.rating_movie()[r]);
      }
    }
    std::ranges::sort(out);
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }
  RankingScores scores() const { return vector_ranking_scores(v, make_topk_scorer("cpu")); }
  bool better(uint32_t user, uint32_t a, uint32_t b) const {
    const float sa = v.score(user, a), sb = v.score(user, b);
    return sa > sb || (sa == sb && a < b);
  }
};

TEST(RankingProtocols, FullRanksEveryMovieOutsideTheTrainingSet) {
  const Model model;
  EvalConfig config;
  config.topk = {3, 10};
  config.relevance_threshold = 3.0;
  RankingMetrics expected(config.topk);
  for (uint32_t u = 0; u < model.data.num_users(); ++u) {
    const auto relevant = model.rated(u, static_cast<int>(Split::kTest), 3.0f);
    if (relevant.empty()) continue;
    const auto train = model.rated(u, static_cast<int>(Split::kTrain), -1e9f);
    std::vector<uint32_t> ranked;
    for (uint32_t m = 0; m < model.data.num_movies(); ++m) {
      if (!std::ranges::binary_search(train, m)) ranked.push_back(m);
    }
    std::ranges::sort(ranked, [&](uint32_t a, uint32_t b) { return model.better(u, a, b); });
    ranked.resize(std::min<size_t>(ranked.size(), 10));
    expected.add_list(ranked, relevant);
  }
  ASSERT_GT(expected.count(), 3u);
  const RankingMetrics got = full_ranking(model.scores(), model.data, Split::kTest, config);
  EXPECT_EQ(got.to_json(), expected.to_json());
}

TEST(RankingProtocols, SampledWithMoreNegativesThanMoviesRanksAgainstEveryUnratedMovie) {
  const Model model;
  EvalConfig config;
  config.topk = {1, 5, 20};
  config.sampled_negatives = 1000;
  RankingMetrics expected(config.topk);
  for (uint32_t u = 0; u < model.data.num_users(); ++u) {
    const auto rated_any = model.rated(u, -1, -1e9f);
    for (uint32_t item : model.rated(u, static_cast<int>(Split::kTest), 4.0f)) {
      size_t rank = 1;
      for (uint32_t m = 0; m < model.data.num_movies(); ++m)
        rank += !std::ranges::binary_search(rated_any, m) && model.better(u, m, item);
      expected.add_rank(rank);
    }
  }
  ASSERT_GT(expected.count(), 3u);
  EXPECT_EQ(sampled_ranking(model.scores(), model.data, Split::kTest, config).to_json(),
            expected.to_json());
}

TEST(RankingProtocols, SampledNegativesFollowTheSeed) {
  const Model model;
  EvalConfig config;
  config.sampled_negatives = 5;
  const auto first = sampled_ranking(model.scores(), model.data, Split::kTest, config).to_json();
  EXPECT_EQ(sampled_ranking(model.scores(), model.data, Split::kTest, config).to_json(), first);
  config.seed = 99;
  EXPECT_NE(sampled_ranking(model.scores(), model.data, Split::kTest, config).to_json(), first);
}

TEST(RankingProtocols, SampledMetricsDoNotDependOnTheThreadCount) {
  const Model model;
  EvalConfig config;
  config.sampled_negatives = 5;
  const int threads = omp_get_max_threads();
  omp_set_num_threads(1);
  const auto one = sampled_ranking(model.scores(), model.data, Split::kTest, config).to_json();
  omp_set_num_threads(3);
  const auto three = sampled_ranking(model.scores(), model.data, Split::kTest, config).to_json();
  omp_set_num_threads(threads);
  EXPECT_EQ(one, three);
}

}  // namespace
}  // namespace cinerec
