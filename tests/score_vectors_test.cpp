// Score vectors reproduce the backend's predictions for every head, with and without biases, plus
// the movie's ranking bias when the model has one (the ranking score, docs/model.md).
#include "host/retrieval/score_vectors.h"

#include <gtest/gtest.h>

#include <cmath>

#include "tests/retrieval_fixture.h"

namespace cinerec {
namespace {

void expect_predictions_reproduced(Head head, bool biases, bool ranking_bias = false) {
  const Dataset data = testing::small_dataset();
  ModelSpec spec = testing::small_spec(data, head, biases);
  spec.ranking_bias = ranking_bias;
  auto backend = testing::random_backend(spec, 11);
  const ModelWiring wiring(spec);
  const std::vector<float> params = backend->state().params;
  // A batch size that splits both towers into several batches.
  const UserMovieVectors features = compute_tower_features(*backend, data, 7);
  const UserMovieVectors v = make_score_vectors(features, wiring, params);
  EXPECT_EQ(v.dim, (head == Head::kFc ? 2u : spec.feature_dim + (biases ? 2 : 0)) +
                       (ranking_bias ? 1 : 0));
  Batch batch;
  batch.clear(0);
  for (uint32_t u = 0; u < data.num_users(); ++u) {
    for (uint32_t m = 0; m < data.num_movies(); ++m)
      batch.append(data, u, m, 0.0f);
  }
  std::vector<float> predicted(batch.size());
  backend->predict(batch, predicted);
  for (size_t i = 0; i < batch.size(); ++i) {
    const float bias =
        ranking_bias
            ? wiring.tables[*wiring.head.ranking_bias].tensor.in(params.data())[batch.movie[i]]
            : 0.0f;
    ASSERT_NE(bias == 0.0f, ranking_bias);  // random_backend: no bias term is zero
    ASSERT_NEAR(v.score(batch.user[i], batch.movie[i]), predicted[i] + bias, 1e-5f)
        << head_name(head) << " biases " << biases << " user " << batch.user[i] << " movie "
        << batch.movie[i];
  }
}

TEST(UserMovieVectors, DotHead) {
  expect_predictions_reproduced(Head::kDot, false);
}
TEST(UserMovieVectors, DotHeadWithBiases) {
  expect_predictions_reproduced(Head::kDot, true);
}
TEST(UserMovieVectors, FcHead) {
  expect_predictions_reproduced(Head::kFc, false);
}
TEST(UserMovieVectors, FcHeadWithBiases) {
  expect_predictions_reproduced(Head::kFc, true);
}
TEST(UserMovieVectors, TheRankingBiasJoinsTheScoreNotThePrediction) {
  expect_predictions_reproduced(Head::kDot, true, true);
  expect_predictions_reproduced(Head::kFc, false, true);
}

TEST(UserMovieVectors, TowerFeaturesAreThoseOfAnyPairing) {
  const Dataset data = testing::small_dataset();
  auto backend = testing::random_backend(testing::small_spec(data, Head::kDot, false), 4);
  const UserMovieVectors f = compute_tower_features(*backend, data, 5);
  Batch batch;
  batch.clear(0);
  batch.append(data, 3, 17, 0.0f);
  std::vector<float> u(f.dim), m(f.dim);
  backend->tower_features(batch, u, m);
  // BLAS may pick another kernel for one row than for five (AVX-512 machines do), so the sums
  // agree to rounding, not bit for bit.
  for (size_t k = 0; k < f.dim; ++k) {
    EXPECT_NEAR(u[k], f.users[3 * f.dim + k], 1e-6f * (1.0f + std::abs(u[k])));
    EXPECT_NEAR(m[k], f.movies[17 * f.dim + k], 1e-6f * (1.0f + std::abs(m[k])));
  }
  std::vector<float> too_small(1);
  EXPECT_THROW(backend->tower_features(batch, too_small, m), std::invalid_argument);
}

TEST(UserMovieVectors, ARowsTowerFeaturesAreTheSameBitsWhicheverRowsShareItsBatch) {
  // The published layer sizes, where OpenBLAS takes its small-matrix kernels for a few rows and
  // others for hundreds: unpadded, a user alone got other bits than among 300.
  const Dataset data = testing::small_dataset(300, 40, 900);
  ModelConfig config;
  config.title_windows = {2, 3};
  auto backend = testing::random_backend(make_model_spec(config, data), 4);
  const UserMovieVectors all = compute_tower_features(*backend, data, 512);
  const std::vector<uint32_t> users = {3}, movies = {17, 2};
  const UserMovieVectors some = compute_tower_features(*backend, data, 512, users, movies);
  const auto row = [&](const std::vector<float>& v, size_t r) {
    return std::vector<float>(v.begin() + static_cast<ptrdiff_t>(r * all.dim),
                              v.begin() + static_cast<ptrdiff_t>((r + 1) * all.dim));
  };
  EXPECT_EQ(row(some.users, 0), row(all.users, 3));
  EXPECT_EQ(row(some.movies, 0), row(all.movies, 17));
  EXPECT_EQ(row(some.movies, 1), row(all.movies, 2));
}

TEST(UserMovieVectors, UserRowsAreGatheredInOrder) {
  const UserMovieVectors v{2, {1, 2, 3, 4, 5, 6}, {1, 0}};
  const std::vector<uint32_t> rows = {2, 0};
  EXPECT_EQ(v.user_rows(rows), (std::vector<float>{5, 6, 1, 2}));
  EXPECT_EQ(v.score(1, 0), 3.0f);
}

}  // namespace
}  // namespace cinerec
