// Streaming the catalogue in chunks gives top_k's answer for any chunk size, and a chunk's score
// vectors (movie range, bias offsets) are the matching rows of the whole catalogue's.
#include "host/retrieval/streamed_topk.h"

#include <gtest/gtest.h>

#include "host/common/rng.h"
#include "host/retrieval/score_vectors.h"
#include "tests/retrieval_fixture.h"

namespace cinerec {
namespace {

std::vector<float> normal(size_t n, Rng& rng) {
  std::vector<float> v(n);
  for (float& x : v)
    x = static_cast<float>(rng.normal());
  return v;
}

TEST(StreamedTopK, AnyChunkingGivesTopKsAnswer) {
  Rng rng(5);
  const size_t dim = 24, nu = 37, nm = 500, k = 10;
  const auto users = normal(nu * dim, rng), movies = normal(nm * dim, rng);
  UserItems seen;
  for (size_t u = 0; u < nu; ++u) {
    for (uint32_t m = 0; m < nm; ++m) {
      // User 2 has only 4 unseen movies: fewer than k, across chunks.
      if (u == 2 ? m >= 4 : rng.uniform() < 0.2) seen.items.push_back(m);
    }
    seen.offsets.push_back(seen.items.size());
  }
  const TopK whole = top_k(users, movies, dim, &seen, k);
  const auto chunk_of = [&](size_t first, size_t count) {
    return std::vector<float>(movies.begin() + first * dim, movies.begin() + (first + count) * dim);
  };
  const TopKScorer scorer = [](auto u, auto m, size_t d, const UserItems* e, size_t kk) {
    return top_k(u, m, d, e, kk);
  };
  for (size_t chunk : {1, 7, 64, 499, 500, 4096}) {
    const TopK streamed = streamed_top_k(users, dim, nm, chunk_of, &seen, k, chunk, scorer);
    EXPECT_EQ(streamed.counts, whole.counts) << "chunk " << chunk;
    EXPECT_EQ(streamed.movies, whole.movies) << "chunk " << chunk;
    for (size_t i = 0; i < whole.scores.size(); ++i) {
      if (whole.movies[i] == kNoMovie) {
        EXPECT_EQ(streamed.scores[i], whole.scores[i]);  // -inf padding
      } else {
        EXPECT_NEAR(streamed.scores[i], whole.scores[i], 1e-4f);
      }
    }
  }
  EXPECT_EQ(whole.counts[2], 4u);
  EXPECT_THROW(streamed_top_k(users, dim, nm, chunk_of, &seen, k, 0, scorer),
               std::invalid_argument);
}

TEST(StreamedTopK, ItemWindowShiftsEachRowsItemsInRange) {
  UserItems items;
  items.items = {1, 5, 9, 12, 3, 4};
  items.offsets = {0, 4, 4, 6};                  // rows {1,5,9,12}, {}, {3,4}
  const UserItems w = item_window(items, 4, 6);  // movies 4..9
  EXPECT_EQ(w.offsets, (std::vector<uint64_t>{0, 2, 2, 3}));
  EXPECT_EQ(w.items, (std::vector<uint32_t>{1, 5, 0}));
}

TEST(StreamedTopK, ChunkScoreVectorsAreTheWholeCataloguesRows) {
  const Dataset data = testing::small_dataset();
  for (const Head head : {Head::kDot, Head::kFc}) {
    const ModelSpec spec = testing::small_spec(data, head, true);
    auto backend = testing::random_backend(spec, 9);
    const auto params = backend->state().params;
    const ScoreVectors all = make_score_vectors(compute_tower_features(*backend, data, 8), spec,
                                                backend->layout(), params);
    const size_t first = 13, count = 9;
    const TowerFeatures f = compute_tower_features(*backend, data, 4, {0, 0}, {first, count});
    const ScoreVectors part = make_score_vectors(f, spec, backend->layout(), params, 0, first);
    ASSERT_EQ(part.movies.size(), count * all.dim);
    for (size_t i = 0; i < part.movies.size(); ++i)
      EXPECT_NEAR(part.movies[i], all.movies[first * all.dim + i], 1e-6f) << head_name(head);
  }
}

}  // namespace
}  // namespace cinerec
