// The CNN's ranking term (host/model/ranking_term.h): the head's loss with sampled movies against
// its definition (docs/model.md "Ranking term") and its gradient against finite differences in
// double, for both losses and both heads, detached or not; a zero-weight row changing nothing; the
// ranking batch's draws (unrated, reproducible, groups kept whole when a user rated every movie or
// the rating is no positive).
#include <gtest/gtest.h>

#include <cmath>

#include "host/cpu/mse_head.h"
#include "host/data/dataset/user_items.h"
#include "host/model/head.h"
#include "host/model/ranking_batch.h"
#include "tests/gradcheck.h"
#include "tests/retrieval_fixture.h"

namespace cinerec {
namespace {

using testing::expect_gradient;
using testing::random_vector;

std::vector<double> tanh_of(const std::vector<double>& pre) {
  std::vector<double> t(pre.size());
  for (size_t i = 0; i < pre.size(); ++i)
    t[i] = std::tanh(pre[i]);
  return t;
}

class RankingHead : public ::testing::TestWithParam<std::tuple<RankingLoss, Head, bool>> {};

// Two groups of (rating, 2 sampled movies); the last sampled row has weight 0 (no movie to draw).
// Detached, the towers' gradients are the squared errors' alone and the ranking bias's the whole
// objective's.
TEST_P(RankingHead, LossAndGradientsMatchTheDefinition) {
  const auto [loss_kind, head, detached] = GetParam();
  RankingTerm term{loss_kind, 2, 0.7f, -1.0f};
  term.detached = detached;
  const size_t n = 6, F = 3, mean_over = 2;
  Rng rng(5);
  auto pre_u = random_vector(n * F, rng, -2, 2), pre_m = random_vector(n * F, rng, -2, 2);
  const auto fc_weight = random_vector(2 * F, rng), bias = random_vector(1, rng);
  const std::vector<uint32_t> user{0, 0, 0, 1, 1, 1}, movie{2, 0, 1, 3, 1, 3};
  const std::vector<float> rating{4, -1, -1, 2, -1, -1};
  const std::vector<float> weight{1, 0.7f, 0.7f, 1, 0.7f, 0.0f};
  std::vector<double> ranking_bias = random_vector(4, rng);  // per movie, in the term's scores
  HeadParams<double> h{head, F};
  if (head == Head::kFc) h.weight = fc_weight.data(), h.bias = bias.data();
  h.ranking_bias = ranking_bias.data();

  const auto predict = [&](const std::vector<double>& u, const std::vector<double>& m, size_t i) {
    double p = head == Head::kFc ? bias[0] : 0.0;
    for (size_t k = 0; k < F; ++k) {
      p += head == Head::kFc ? u[i * F + k] * fc_weight[k] + m[i * F + k] * fc_weight[F + k]
                             : u[i * F + k] * m[i * F + k];
    }
    return p;
  };
  // docs/model.md: squared error of each rating; per sampled movie, weight * (pred - target)^2
  // or weight * -log sigmoid(pred(rating's movie) - pred(sampled)); the sum over mean_over.
  const auto objective_of = [&](bool with_term) {
    const auto u = tanh_of(pre_u), m = tanh_of(pre_m);
    const auto score = [&](size_t i) { return predict(u, m, i) + ranking_bias[movie[i]]; };
    double sum = 0;
    for (size_t i = 0; i < n; ++i) {
      const double p = predict(u, m, i);
      if (i % 3 == 0) {  // the rating itself: its prediction, without the ranking bias
        sum += (p - rating[i]) * (p - rating[i]);
      } else if (!with_term) {
        continue;
      } else if (loss_kind == RankingLoss::kPointwise) {
        sum += weight[i] * (score(i) - term.target) * (score(i) - term.target);
      } else {
        const double x = score(i - i % 3) - score(i);
        sum += weight[i] * -std::log(1 / (1 + std::exp(-x)));
      }
    }
    return sum / mean_over;
  };
  const auto objective = [&] { return objective_of(true); };
  const auto towers_objective = [&] { return objective_of(!detached); };

  const auto u = tanh_of(pre_u), m = tanh_of(pre_m);
  std::vector<double> pred(n, 9.0), d_pred(n, 9.0), du(n * F, 9.0), dm(n * F, 9.0),
      d_score(n, 9.0);  // poisoned
  const double sum = cpu::mse_head_backward(
      h, n, u.data(), m.data(), user.data(), movie.data(), rating.data(), pred.data(),
      d_pred.data(), du.data(), dm.data(), mean_over, term, weight.data(), d_score.data());
  EXPECT_NEAR(sum / mean_over, objective(), 1e-12);
  expect_gradient(towers_objective, pre_u, du, "du");
  expect_gradient(towers_objective, pre_m, dm, "dm");
  std::vector<double> d_bias(ranking_bias.size(), 0.0);  // the rows' d_score summed per movie
  for (size_t i = 0; i < n; ++i)
    d_bias[movie[i]] += d_score[i];
  expect_gradient(objective, ranking_bias, d_bias, "ranking_bias");
  EXPECT_EQ(d_pred[5], 0.0);  // the zero-weight row
  // A rating's own row is in the ranking term only as the pairs' rated side.
  if (loss_kind == RankingLoss::kPointwise) {
    EXPECT_EQ(d_score[0], 0.0);
  } else {
    EXPECT_NE(d_score[0], 0.0);
  }
}

INSTANTIATE_TEST_SUITE_P(
    LossesAndHeads, RankingHead,
    ::testing::Combine(::testing::Values(RankingLoss::kPointwise, RankingLoss::kPairwise),
                       ::testing::Values(Head::kDot, Head::kFc), ::testing::Bool()));

TEST(RankingHead, WithoutATermEveryRowIsARating) {
  const size_t n = 4, F = 2;
  Rng rng(3);
  const auto u = tanh_of(random_vector(n * F, rng)), m = tanh_of(random_vector(n * F, rng));
  const std::vector<uint32_t> ids{0, 1, 2, 3};
  const std::vector<float> rating{1, 2, 3, 4}, weight{1, 1, 1, 1};
  HeadParams<double> h{Head::kDot, F};
  std::vector<double> pred(n), a(n), b(n), du(n * F), dm(n * F);
  const double plain =
      cpu::mse_head_backward(h, n, u.data(), m.data(), ids.data(), ids.data(), rating.data(),
                             pred.data(), a.data(), du.data(), dm.data(), n);
  // An inactive term (no negatives) ignores the loss kind: the same squared errors, bitwise.
  const RankingTerm none{RankingLoss::kPairwise, 0};
  const double same =
      cpu::mse_head_backward(h, n, u.data(), m.data(), ids.data(), ids.data(), rating.data(),
                             pred.data(), b.data(), du.data(), dm.data(), n, none, weight.data());
  EXPECT_EQ(plain, same);
  EXPECT_EQ(a, b);
}

TEST(RankingBatch, DrawsUnratedMoviesReproduciblyInWholeGroups) {
  const Dataset data = testing::small_dataset(6, 10, 40);
  std::vector<uint32_t> ratings;
  for (uint32_t r = 0; r < data.num_ratings() && ratings.size() < 8; ++r) {
    if (data.rating_split()[r] == static_cast<uint8_t>(Split::kTrain)) ratings.push_back(r);
  }
  // The first rating's user rated every movie, as far as the draws know.
  const uint32_t full_user = data.rating_user()[ratings[0]];
  const UserItems trained = rated_items(data, {Split::kTrain});
  UserItems rated;
  for (uint32_t u = 0; u < trained.rows(); ++u) {
    for (uint32_t m = 0; m < data.num_movies(); ++m) {
      if (u == full_user || trained.contains(u, m)) rated.items.push_back(m);
    }
    rated.offsets.push_back(rated.items.size());
  }
  const RankingTerm term{RankingLoss::kPointwise, 3, 0.5f, -2.0f};
  Batch a, b, other, next_epoch;
  gather_ranking_batch(data, ratings, 4, term, rated, 77, 3, a);
  gather_ranking_batch(data, ratings, 4, term, rated, 77, 3, b);
  gather_ranking_batch(data, ratings, 4, term, rated, 78, 3, other);
  gather_ranking_batch(data, ratings, 4, term, rated, 77, 4, next_epoch);
  EXPECT_NE(a.movie, next_epoch.movie);
  ASSERT_EQ(a.size(), ratings.size() * term.group());
  EXPECT_EQ(a.loss_rows(), ratings.size());
  EXPECT_EQ(a.movie, b.movie);
  EXPECT_NE(a.movie, other.movie);
  for (size_t g = 0; g < ratings.size(); ++g) {
    const size_t first = g * term.group();
    const uint32_t r = ratings[g], user = data.rating_user()[r];
    EXPECT_EQ(a.user[first], user);
    EXPECT_EQ(a.movie[first], data.rating_movie()[r]);
    EXPECT_EQ(a.rating[first], data.rating_value()[r]);
    EXPECT_EQ(a.weight[first], 1.0f);
    for (size_t k = 1; k <= term.negatives; ++k) {
      EXPECT_EQ(a.user[first + k], user);
      EXPECT_EQ(a.rating[first + k], term.target);
      if (user == full_user) {  // nothing to draw: the rating's movie, at weight 0
        EXPECT_EQ(a.weight[first + k], 0.0f);
        EXPECT_EQ(a.movie[first + k], a.movie[first]);
      } else {
        EXPECT_EQ(a.weight[first + k], term.weight);
        EXPECT_FALSE(rated.contains(user, a.movie[first + k])) << g << " " << k;
      }
    }
  }
}

// train.ranking_positives = "relevant": a rating below the threshold keeps its group, its sampled
// rows at weight 0, and every rating draws the movies it draws without the threshold.
TEST(RankingBatch, OnlyPositivesWeighTheirSampledMovies) {
  const Dataset data = testing::small_dataset(6, 30, 60);
  std::vector<uint32_t> ratings;
  for (uint32_t r = 0; r < data.num_ratings(); ++r) {
    if (data.rating_split()[r] == static_cast<uint8_t>(Split::kTrain)) ratings.push_back(r);
  }
  const UserItems rated = rated_items(data, {Split::kTrain});
  RankingTerm all{RankingLoss::kPairwise, 2, 0.5f};
  RankingTerm positives = all;
  positives.min_rating = 3.5f;
  Batch a, p;
  gather_ranking_batch(data, ratings, 1, all, rated, 5, 1, a);
  gather_ranking_batch(data, ratings, 1, positives, rated, 5, 1, p);
  EXPECT_EQ(a.movie, p.movie);
  size_t weighed = 0, unweighed = 0;
  for (size_t g = 0; g < ratings.size(); ++g) {
    const bool positive = data.rating_value()[ratings[g]] >= 3.5f;
    EXPECT_EQ(p.weight[g * all.group()], 1.0f);
    for (size_t k = 1; k <= all.negatives; ++k) {
      EXPECT_EQ(p.weight[g * all.group() + k], positive ? a.weight[g * all.group() + k] : 0.0f);
    }
    ++(positive ? weighed : unweighed);
  }
  EXPECT_GT(weighed, 0u);  // both kinds of rating occur
  EXPECT_GT(unweighed, 0u);
}

}  // namespace
}  // namespace cinerec
