// The whole model's MSE gradient against finite differences in double, for both heads, with
// and without bias terms, with title dropout active, and with either ranking term and the ranking
// bias (the batch as one group: a rating and its four sampled movies, the last of weight 0).
#include <gtest/gtest.h>

#include <cmath>

#include "host/cpu/model_pass.h"
#include "tests/gradcheck.h"

namespace cinerec::cpu {
namespace {

ModelSpec tiny_spec(Head head, bool biases) {
  ModelSpec s;
  s.users = 5, s.genders = 3, s.ages = 4, s.jobs = 5, s.movies = 7, s.genres = 4, s.tokens = 11;
  s.title_len = 6;
  s.user_id_dim = 4, s.demographic_dim = 3, s.movie_id_dim = 4, s.genre_dim = 3, s.token_dim = 4;
  s.tower_hidden = 3, s.feature_dim = 5;
  s.title_windows = {2, 3};
  s.title_filters = 3;
  s.dropout = 0.3;
  s.head = head;
  s.biases = biases;
  return s;
}

// Repeated users and movies, an empty genre list, padded titles.
Batch tiny_batch() {
  Batch b;
  b.user = {0, 3, 3, 4, 1};
  b.gender = {1, 2, 2, 0, 1};
  b.age = {3, 0, 0, 2, 1};
  b.job = {4, 1, 1, 0, 2};
  b.movie = {6, 2, 6, 0, 5};
  b.genre_offsets = {0, 2, 2, 3, 6, 7};
  b.genres = {1, 3, 0, 0, 2, 3, 1};
  b.title = {3, 4, 5, 0, 0, 0, 7, 7, 1, 2, 9, 10, 3, 4, 5,
             0, 0, 0, 2, 0, 0, 0, 0, 0, 8, 6, 4,  2, 1, 0};
  b.rating = {4, 2, 5, 1, 3};
  b.step = 11;
  return b;
}

// The objective of docs/model.md over one batch; the ranking term scores a row by its prediction
// plus its movie's ranking bias (`ranking_bias`, empty for none).
double objective(const Batch& b, const std::vector<double>& pred,
                 std::span<const double> ranking_bias) {
  const auto score = [&](size_t i) {
    return pred[i] + (ranking_bias.empty() ? 0.0 : ranking_bias[b.movie[i]]);
  };
  double sum = 0.0;
  for (size_t i = 0; i < b.size(); ++i) {
    const double w = b.weight.empty() ? 1.0 : b.weight[i];
    if (!b.ranking.active() || i % b.ranking.group() == 0) {
      sum += w * (pred[i] - b.rating[i]) * (pred[i] - b.rating[i]);
    } else if (b.ranking.loss == RankingLoss::kPairwise) {
      const double x = score(i - i % b.ranking.group()) - score(i);
      sum += w * std::log1p(std::exp(-x));
    } else {
      sum += w * (score(i) - b.rating[i]) * (score(i) - b.rating[i]);
    }
  }
  return sum / static_cast<double>(b.loss_rows());
}

class ModelGradcheck : public ::testing::TestWithParam<std::tuple<Head, bool, RankingLoss>> {};

TEST_P(ModelGradcheck, MatchesFiniteDifferences) {
  const auto [head, biases, ranking] = GetParam();
  ModelSpec spec = tiny_spec(head, biases);
  spec.ranking_bias = ranking != RankingLoss::kNone;  // in the ranking term's scores only
  const ModelWiring wiring(spec);
  const ParamLayout& layout = wiring.layout;
  Rng rng(17);
  std::vector<double> params = testing::random_vector(layout.total(), rng, -0.8, 0.8);
  Batch batch = tiny_batch();
  if (ranking != RankingLoss::kNone) {
    batch.ranking = {ranking, 4, 0.6f, 0.5f};
    batch.weight = {1.0f, 0.6f, 0.6f, 0.6f, 0.0f};
    for (size_t i = 1; i < batch.size(); ++i)
      batch.rating[i] = batch.ranking.target;
  }
  ModelPass<double> pass(wiring);
  std::vector<double> pred(batch.size());

  const auto loss = [&] {
    pass.forward(params, batch, true, 99, pred);
    const std::span<const double> all(params);
    return objective(batch, pred,
                     wiring.head.ranking_bias
                         ? wiring.tables[*wiring.head.ranking_bias].tensor.in(all)
                         : std::span<const double>{});
  };
  const double expected_loss = loss();
  std::vector<double> grads(layout.total(), 0.0);
  EXPECT_NEAR(pass.backward(params, batch, grads), expected_loss, 1e-12);
  for (const auto& e : layout.entries()) {
    std::vector<double> slice(params.begin() + e.offset, params.begin() + e.offset + e.size);
    const std::vector<double> analytic(grads.begin() + e.offset, grads.begin() + e.offset + e.size);
    const auto slice_loss = [&] {
      std::copy(slice.begin(), slice.end(), params.begin() + e.offset);
      return loss();
    };
    testing::expect_gradient(slice_loss, slice, analytic, e.name.c_str(), 1e-6);
    std::copy(slice.begin(), slice.end(), params.begin() + e.offset);
  }
}

INSTANTIATE_TEST_SUITE_P(HeadsBiasesAndRankingTerms, ModelGradcheck,
                         ::testing::Combine(::testing::Values(Head::kDot, Head::kFc),
                                            ::testing::Bool(),
                                            ::testing::Values(RankingLoss::kNone,
                                                              RankingLoss::kPointwise,
                                                              RankingLoss::kPairwise)));

TEST(ModelPass, DropoutOnlyInTrainingAndDeterministicPerStep) {
  const ModelSpec spec = tiny_spec(Head::kDot, false);
  const ModelWiring wiring(spec);
  const ParamLayout& layout = wiring.layout;
  Rng rng(5);
  const auto params = testing::random_vector(layout.total(), rng, -0.8, 0.8);
  ModelPass<double> pass(wiring);
  Batch batch = tiny_batch();
  std::vector<double> a(batch.size()), b(batch.size()), eval1(batch.size()), eval2(batch.size());
  pass.forward(params, batch, true, 1, a);
  pass.forward(params, batch, true, 1, b);
  EXPECT_EQ(a, b);
  pass.forward(params, batch, false, 1, eval1);
  batch.step = 12;
  pass.forward(params, batch, false, 1, eval2);
  EXPECT_EQ(eval1, eval2);  // evaluation ignores the step
  pass.forward(params, batch, true, 1, b);
  EXPECT_NE(a, b);  // another step, another mask
}

}  // namespace
}  // namespace cinerec::cpu
