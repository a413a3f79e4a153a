// The three recommendation lists against brute force, and the seeded random pick.
#include "host/retrieval/recommend.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "host/cpu/topk.h"
#include "host/runtime/ranking_scorers.h"
#include "host/runtime/topk_scorer.h"
#include "tests/retrieval_fixture.h"

namespace cinerec {
namespace {

struct Lists : ::testing::Test {
  Dataset data = testing::small_dataset(15, 60, 400);
  ModelSpec spec = testing::small_spec(data, Head::kDot, true);
  std::unique_ptr<cpu::CpuBackend> backend = testing::random_backend(spec, 8);
  UserMovieVectors f = compute_tower_features(*backend, data, 16);
  UserMovieVectors v = make_score_vectors(f, ModelWiring(spec), backend->state().params);

  // The `k` best of `candidates` by score (desc), then index (asc).
  template <class Score>
  static std::vector<uint32_t> best(std::vector<uint32_t> candidates, size_t k, Score score) {
    std::ranges::sort(candidates, [&](uint32_t a, uint32_t b) {
      return score(a) > score(b) || (score(a) == score(b) && a < b);
    });
    candidates.resize(std::min(k, candidates.size()));
    return candidates;
  }
  std::vector<uint32_t> all(size_t n, uint32_t except = kNoMovie) const {
    std::vector<uint32_t> out;
    for (uint32_t i = 0; i < n; ++i) {
      if (i != except) out.push_back(i);
    }
    return out;
  }
  static std::vector<uint32_t> indices(const std::vector<Recommended>& list) {
    std::vector<uint32_t> out;
    for (const auto& r : list)
      out.push_back(r.index);
    return out;
  }
};

TEST_F(Lists, SimilarMoviesByCosineWithoutTheQuery) {
  const uint32_t query = 7;
  auto cosine = [&](uint32_t m) {
    double dot = 0, a = 0, b = 0;
    for (size_t k = 0; k < f.dim; ++k) {
      dot += double{f.movies[query * f.dim + k]} * f.movies[m * f.dim + k];
      a += double{f.movies[query * f.dim + k]} * f.movies[query * f.dim + k];
      b += double{f.movies[m * f.dim + k]} * f.movies[m * f.dim + k];
    }
    return static_cast<float>(dot / std::sqrt(a * b));
  };
  const auto list = similar_movies(f, query, {4, std::nullopt});
  EXPECT_EQ(indices(list), best(all(data.num_movies(), query), 4, cosine));
  EXPECT_NEAR(list[0].score, cosine(list[0].index), 1e-5f);
}

TEST_F(Lists, MoviesForAUserSkipTheTrainingRatings) {
  const UserItems train = rated_items(data, {Split::kTrain});
  const uint32_t user = 2;
  std::vector<uint32_t> unseen;
  for (uint32_t m = 0; m < data.num_movies(); ++m) {
    if (!train.contains(user, m)) unseen.push_back(m);
  }
  ASSERT_LT(unseen.size(), data.num_movies());
  const auto list = movies_for_user(vector_ranking_scores(v, make_topk_scorer("cpu")), train, user,
                                    {6, std::nullopt});
  EXPECT_EQ(indices(list), best(unseen, 6, [&](uint32_t m) { return v.score(user, m); }));
}

TEST_F(Lists, FansAndTheirFavourites) {
  const uint32_t movie = 11;
  const auto fans = fans_of(v, movie, {3, std::nullopt});
  ASSERT_EQ(fans.size(), 3u);
  std::vector<uint32_t> fan_ids;
  for (const Fan& fan : fans) {
    fan_ids.push_back(fan.user.index);
    EXPECT_EQ(indices(fan.favourites), best(all(data.num_movies(), movie), 3, [&](uint32_t m) {
                return v.score(fan.user.index, m);
              }));
  }
  EXPECT_EQ(fan_ids, best(all(data.num_users()), 3, [&](uint32_t u) { return v.score(u, movie); }));
}

TEST_F(Lists, SamplingPicksDistinctEntriesOfTheTop20PerSeed) {
  const UserItems train = rated_items(data, {Split::kTrain});
  const auto top20 = indices(movies_for_user(vector_ranking_scores(v, make_topk_scorer("cpu")),
                                             train, 1, {kSamplePool, std::nullopt}));
  const auto a =
      movies_for_user(vector_ranking_scores(v, make_topk_scorer("cpu")), train, 1, {5, 42});
  EXPECT_EQ(indices(a), indices(movies_for_user(vector_ranking_scores(v, make_topk_scorer("cpu")),
                                                train, 1, {5, 42})));
  const auto picked = indices(a);
  const std::set<uint32_t> distinct(picked.begin(), picked.end());
  EXPECT_EQ(distinct.size(), 5u);
  for (uint32_t m : distinct)
    EXPECT_NE(std::ranges::find(top20, m), top20.end());
  EXPECT_TRUE(std::ranges::is_sorted(
      a, [](const Recommended& x, const Recommended& y) { return x.score > y.score; }));
  bool some_seed_differs = false;
  for (uint64_t seed = 1; seed < 6; ++seed)
    some_seed_differs |= indices(movies_for_user(vector_ranking_scores(v, make_topk_scorer("cpu")),
                                                 train, 1, {5, seed})) != picked;
  EXPECT_TRUE(some_seed_differs);
}

}  // namespace
}  // namespace cinerec
