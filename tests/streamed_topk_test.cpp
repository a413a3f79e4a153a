// Streaming the catalogue and the users in chunks gives top_k's answer for any chunk sizes, and a
// chunk's score vectors (movie range, listed users) are the matching rows of the whole dataset's.
#include "host/retrieval/streamed_topk.h"

#include <gtest/gtest.h>

#include "host/common/rng.h"
#include "host/retrieval/score_vectors.h"
#include "tests/random_inputs.h"
#include "tests/retrieval_fixture.h"

namespace cinerec {
namespace {

// Random user and movie vectors and seen sets; user 2 has fewer unseen movies than a k above 4,
// spread across chunks.
struct Catalogue {
  std::vector<float> users, movies;
  UserItems seen;
};

Catalogue random_catalogue(uint64_t seed, size_t dim, size_t users, size_t movies, double share) {
  Rng rng(seed);
  Catalogue c{
      testing::normal_floats(users * dim, rng), testing::normal_floats(movies * dim, rng), {}};
  c.seen = testing::random_rated(users, movies, share, rng, 2);
  return c;
}

TEST(StreamedTopK, AnyChunkingGivesTopKsAnswer) {
  const size_t dim = 24, nu = 37, nm = 500, k = 10;
  const auto [users, movies, seen] = random_catalogue(5, dim, nu, nm, 0.2);
  const TopK whole = cpu::top_k(users, movies, dim, &seen, k);
  const auto chunk_of = [&](size_t first, size_t count) {
    return std::vector<float>(movies.begin() + first * dim, movies.begin() + (first + count) * dim);
  };
  const TopKScorer scorer = [](auto u, auto m, size_t d, const UserItems* e, size_t kk) {
    return cpu::top_k(u, m, d, e, kk);
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

// Listed users in any order, streamed in user chunks (one catalogue chunk kept across them, or
// many made per user chunk): the sink gets top_k's rows for those users, chunk by chunk in order.
TEST(StreamedTopK, CatalogueTopKStreamsUsersInListOrder) {
  const size_t dim = 16, nu = 41, nm = 300, k = 7;
  const auto [users, movies, seen] = random_catalogue(8, dim, nu, nm, 0.3);
  const std::vector<uint32_t> listed = {40, 3, 3, 17, 0, 22, 2, 39, 8, 11, 29, 5};
  const UserItems listed_seen = select_rows(seen, listed);
  const UserMovieVectors all{dim, users, movies};
  const TopK whole = cpu::top_k(all.user_rows(listed), movies, dim, &listed_seen, k);
  const TopKScorer scorer = [](auto u, auto m, size_t d, const UserItems* e, size_t kk) {
    return cpu::top_k(u, m, d, e, kk);
  };
  for (const TopKChunks chunks : {TopKChunks{1, 1000}, TopKChunks{4, 1000}, TopKChunks{4, 64},
                                  TopKChunks{11, 300}, TopKChunks{100, 17}}) {
    size_t movie_calls = 0, row = 0;
    const auto movie_chunk = [&](size_t first, size_t count) {
      ++movie_calls;
      return std::vector<float>(movies.begin() + first * dim,
                                movies.begin() + (first + count) * dim);
    };
    const auto sink = [&](const TopK& top, std::span<const uint32_t> chunk) {
      ASSERT_LE(chunk.size(), chunks.users);
      for (size_t i = 0; i < chunk.size(); ++i, ++row) {
        EXPECT_EQ(chunk[i], listed[row]);
        EXPECT_EQ(top.counts[i], whole.counts[row]);
        for (size_t r = 0; r < k; ++r) {
          EXPECT_EQ(top.movies[i * k + r], whole.movies[row * k + r]) << row << " " << r;
          if (r < whole.counts[row]) {
            EXPECT_NEAR(top.scores[i * k + r], whole.scores[row * k + r], 1e-4f);
          } else {
            EXPECT_EQ(top.scores[i * k + r], whole.scores[row * k + r]);  // -inf padding
          }
        }
      }
    };
    catalogue_top_k(
        listed, dim, nm, [&](auto u) { return all.user_rows(u); }, movie_chunk, &seen, k, chunks,
        scorer, sink);
    EXPECT_EQ(row, listed.size());
    const size_t user_chunks = (listed.size() + chunks.users - 1) / chunks.users;
    const size_t movie_chunks = (nm + chunks.movies - 1) / chunks.movies;
    EXPECT_EQ(movie_calls, nm <= chunks.movies ? 1 : user_chunks * movie_chunks)
        << "users " << chunks.users << " movies " << chunks.movies;
  }
  EXPECT_THROW(catalogue_top_k(listed, dim, nm, {}, {}, nullptr, k, {0, 10}, scorer, {}),
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

// A chunk's movie vectors, and listed users' vectors (their bias terms picked by index), are the
// matching rows of the whole dataset's.
TEST(StreamedTopK, ChunkScoreVectorsAreTheWholeCataloguesRows) {
  const Dataset data = testing::small_dataset();
  for (const Head head : {Head::kDot, Head::kFc}) {
    const ModelSpec spec = testing::small_spec(data, head, true);
    auto backend = testing::random_backend(spec, 9);
    const auto params = backend->state().params;
    const UserMovieVectors all =
        make_score_vectors(compute_tower_features(*backend, data, 8), ModelWiring(spec), params);
    const size_t first = 13, count = 9;
    const std::vector<uint32_t> movies = index_range(first, count);
    const UserMovieVectors f = compute_tower_features(*backend, data, 4, {}, movies);
    const UserMovieVectors part = make_score_vectors(f, ModelWiring(spec), params, {}, movies);
    ASSERT_EQ(part.movies.size(), count * all.dim);
    for (size_t i = 0; i < part.movies.size(); ++i)
      EXPECT_NEAR(part.movies[i], all.movies[first * all.dim + i], 1e-6f) << head_name(head);
    const std::vector<uint32_t> users = {7, 2, 11, 2};
    const UserMovieVectors listed = make_score_vectors(
        compute_tower_features(*backend, data, 3, users, {}), ModelWiring(spec), params, users);
    const std::vector<float> expected = all.user_rows(users);
    ASSERT_EQ(listed.users.size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i)
      EXPECT_NEAR(listed.users[i], expected[i], 1e-6f) << head_name(head);
  }
}

}  // namespace
}  // namespace cinerec
