// The blocked CPU top-k against a full sort of every score, with exclusions, ties, short rows and
// tilings of many tiles and chunks.
#include "host/cpu/topk.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "host/common/rng.h"
#include "host/runtime/topk_scorer.h"
#include "tests/random_inputs.h"

namespace cinerec {
namespace {

// Every score computed in double, sorted by (score desc, index asc), excluded movies dropped.
std::vector<std::vector<uint32_t>> brute_force(const std::vector<float>& users,
                                               const std::vector<float>& movies, size_t dim,
                                               const UserItems* excluded, size_t k) {
  const size_t nu = users.size() / dim, nm = movies.size() / dim;
  std::vector<std::vector<uint32_t>> out(nu);
  for (size_t u = 0; u < nu; ++u) {
    std::vector<std::pair<double, uint32_t>> all;
    for (uint32_t m = 0; m < nm; ++m) {
      if (excluded && excluded->contains(u, m)) continue;
      double s = 0;
      for (size_t d = 0; d < dim; ++d)
        s += static_cast<double>(users[u * dim + d]) * movies[m * dim + d];
      all.push_back({-s, m});
    }
    std::ranges::sort(all);
    for (size_t j = 0; j < std::min(k, all.size()); ++j)
      out[u].push_back(all[j].second);
  }
  return out;
}

std::vector<uint32_t> row_of(const TopK& top, size_t u) {
  return {top.movies.begin() + static_cast<ptrdiff_t>(u * top.k),
          top.movies.begin() + static_cast<ptrdiff_t>(u * top.k + top.counts[u])};
}

TEST(TopK, MatchesAFullSortAcrossTilesAndChunks) {
  Rng rng(3);
  const size_t dim = 24, nu = 37, nm = 1000, k = 10;
  const auto users = testing::normal_floats(nu * dim, rng),
             movies = testing::normal_floats(nm * dim, rng);
  const UserItems seen = testing::random_rated(nu, nm, 0.2, rng);
  const auto expected = brute_force(users, movies, dim, &seen, k);
  for (const cpu::TopKTiling tiling :
       {cpu::TopKTiling{}, cpu::TopKTiling{5, 64}, cpu::TopKTiling{1, 999}}) {
    const TopK top = cpu::top_k(users, movies, dim, &seen, k, tiling);
    for (size_t u = 0; u < nu; ++u) {
      ASSERT_EQ(top.counts[u], k);
      EXPECT_EQ(row_of(top, u), expected[u]) << "user " << u << " tile " << tiling.user_tile;
      for (size_t j = 0; j < k; ++j) {
        const uint32_t m = top.movies[u * k + j];
        const float s = std::inner_product(users.begin() + u * dim, users.begin() + (u + 1) * dim,
                                           movies.begin() + m * dim, 0.0f);
        EXPECT_NEAR(top.scores[u * k + j], s, 1e-4f);
      }
    }
  }
}

TEST(TopK, AUsersScoresAreTheSameBitsWhicheverUsersShareItsTile) {
  // What makes `score --users` agree with the full list and `score` across ranks with one
  // process: a user scored alone, or among a few, gets the bits it gets among many.
  Rng rng(8);
  const size_t dim = 200, nu = 300, nm = 1500, k = 50;
  const auto users = testing::normal_floats(nu * dim, rng),
             movies = testing::normal_floats(nm * dim, rng);
  const TopK all = cpu::top_k(users, movies, dim, nullptr, k);
  for (const size_t first : {0u, 5u, 13u, 299u}) {
    for (const size_t count : {1u, 2u, 7u, 15u, 16u, 17u, 40u}) {
      if (first + count > nu) continue;
      const std::vector<float> some(users.begin() + static_cast<ptrdiff_t>(first * dim),
                                    users.begin() + static_cast<ptrdiff_t>((first + count) * dim));
      const TopK part = cpu::top_k(some, movies, dim, nullptr, k, {.user_tile = 8});
      for (size_t i = 0; i < count; ++i) {
        const auto at = static_cast<ptrdiff_t>((first + i) * k);
        ASSERT_EQ(row_of(part, i), row_of(all, first + i)) << first << "+" << i << " of " << count;
        EXPECT_TRUE(std::equal(part.scores.begin() + static_cast<ptrdiff_t>(i * k),
                               part.scores.begin() + static_cast<ptrdiff_t>((i + 1) * k),
                               all.scores.begin() + at))
            << first << "+" << i << " of " << count;
      }
    }
  }
}

TEST(TopK, TiesGoToTheSmallerMovieIndexInEveryChunk) {
  const std::vector<float> users = {1.0f};
  const std::vector<float> movies = {1, 3, 2, 3, 3, 1, 3, 2};  // ties at 3: movies 1, 3, 4, 6
  const TopK top = cpu::top_k(users, movies, 1, nullptr, 5, {1, 3});
  EXPECT_EQ(row_of(top, 0), (std::vector<uint32_t>{1, 3, 4, 6, 2}));
  EXPECT_EQ(top.scores[0], 3.0f);
  EXPECT_EQ(top.scores[4], 2.0f);
}

TEST(TopK, ExcludedMoviesNeverAppearAndShortRowsArePadded) {
  const std::vector<float> users = {1.0f, -1.0f};
  const std::vector<float> movies = {5, 4, 3, 2};
  UserItems seen;
  seen.items = {0, 2, 3};  // user 0 rated 0 and 2; user 1 rated 3
  seen.offsets = {0, 2, 3};
  const TopK top = cpu::top_k(users, movies, 1, &seen, 3, {1, 2});
  EXPECT_EQ(row_of(top, 0), (std::vector<uint32_t>{1, 3}));
  EXPECT_EQ(top.counts[0], 2u);
  EXPECT_EQ(top.movies[2], kNoMovie);
  EXPECT_EQ(top.scores[2], -std::numeric_limits<float>::infinity());
  EXPECT_EQ(row_of(top, 1), (std::vector<uint32_t>{2, 1, 0}));
}

TEST(TopK, KLargerThanTheCatalogueReturnsEveryUnseenMovie) {
  Rng rng(5);
  const auto users = testing::normal_floats(3 * 4, rng),
             movies = testing::normal_floats(6 * 4, rng);
  UserItems seen;
  seen.items = {1, 0, 1, 2, 3, 4, 5};
  seen.offsets = {0, 1, 1, 7};  // user 1 rated nothing, user 2 everything
  const TopK top = cpu::top_k(users, movies, 4, &seen, 50);
  EXPECT_EQ(top.counts, (std::vector<uint32_t>{5, 6, 0}));
  const auto expected = brute_force(users, movies, 4, &seen, 50);
  for (size_t u = 0; u < 3; ++u)
    EXPECT_EQ(row_of(top, u), expected[u]);
}

TEST(TopK, WithoutExclusionsSeenMoviesAreRanked) {
  Rng rng(6);
  const auto users = testing::normal_floats(4 * 8, rng),
             movies = testing::normal_floats(30 * 8, rng);
  const TopK top = cpu::top_k(users, movies, 8, nullptr, 30);
  const auto expected = brute_force(users, movies, 8, nullptr, 30);
  for (size_t u = 0; u < 4; ++u)
    EXPECT_EQ(row_of(top, u), expected[u]);
}

TEST(TopK, BadArgumentsAreRejected) {
  const std::vector<float> m = {1, 2, 3, 4};
  EXPECT_THROW(cpu::top_k(m, m, 2, nullptr, 0), std::invalid_argument);
  EXPECT_THROW(cpu::top_k(m, m, 3, nullptr, 1), std::invalid_argument);
  UserItems one_row;
  one_row.offsets = {0, 0};
  EXPECT_THROW(cpu::top_k(m, m, 2, &one_row, 1), std::invalid_argument);
}

// The scorer factory: cpu, and cuda devices only in CUDA builds with a GPU; tensor cores only on
// a GPU; anything else named in the error.
TEST(TopKScorerFactory, RefusesDevicesItCannotUse) {
  EXPECT_NO_THROW(make_topk_scorer("cpu"));
  EXPECT_THROW(make_topk_scorer("cpu", true), std::invalid_argument);
  for (const char* device : {"gpu", "cuda:x", "cuda:99"}) {
    try {
      make_topk_scorer(device);
      ADD_FAILURE() << device << " was accepted";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(device), std::string::npos) << e.what();
    }
  }
}

// cpu::top_k_of_rows on rows of few distinct scores (many ties, zeros among them), with excluded
// movies and a k above some rows' candidates, against a sort of each row.
TEST(TopKOfRows, MatchesASortOfEachRow) {
  constexpr size_t kRows = 9, kMovies = 23, kK = 7;
  Rng rng(17);
  std::vector<float> scores(kRows * kMovies);
  for (float& s : scores)
    s = static_cast<float>(rng.below(4));
  UserItems excluded;
  for (size_t r = 0; r < kRows; ++r) {
    for (uint32_t m = 0; m < kMovies; ++m) {
      // Row 3 keeps about one movie in ten: fewer candidates than k.
      const bool drop = r == 3 ? rng.below(10) != 0 : rng.below(3) == 0;
      if (drop) excluded.items.push_back(m);
    }
    excluded.offsets.push_back(excluded.items.size());
  }
  ASSERT_LT(kMovies - excluded.row(3).size(), kK);
  const std::vector<float> copy = scores;
  const TopK top = cpu::top_k_of_rows(scores, kMovies, &excluded, kK);
  for (size_t r = 0; r < kRows; ++r) {
    std::vector<uint32_t> expected;
    for (uint32_t m = 0; m < kMovies; ++m)
      if (!excluded.contains(r, m)) expected.push_back(m);
    std::ranges::stable_sort(expected, [&](uint32_t a, uint32_t b) {
      return copy[r * kMovies + a] > copy[r * kMovies + b];
    });
    expected.resize(std::min(expected.size(), kK));
    ASSERT_EQ(top.counts[r], expected.size()) << r;
    for (size_t j = 0; j < kK; ++j) {
      if (j < expected.size()) {
        EXPECT_EQ(top.movies[r * kK + j], expected[j]) << r << ", " << j;
        EXPECT_EQ(top.scores[r * kK + j], copy[r * kMovies + expected[j]]);
      } else {
        EXPECT_EQ(top.movies[r * kK + j], kNoMovie);
      }
    }
  }
  EXPECT_THROW(cpu::top_k_of_rows(scores, kMovies, &excluded, 0), std::invalid_argument);
  EXPECT_THROW(cpu::top_k_of_rows(std::span(scores).first(kMovies + 1), kMovies, nullptr, 3),
               std::invalid_argument);
  EXPECT_EQ(cpu::top_k_of_rows(std::span<float>(), kMovies, nullptr, 3).counts.size(), 0u);
}

}  // namespace
}  // namespace cinerec
