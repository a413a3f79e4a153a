// DIN's network (host/baselines/din_network.h) in double on a tiny model: the logits against a
// plain reading of RecBole's DIN (both BatchNorm modes), the gradient of the whole buffer against
// finite differences, the running statistics' update, the binary cross-entropy, and a score in
// evaluation mode independent of the pairs it is batched with (float).
#include "host/baselines/din_network.h"

#include <gtest/gtest.h>

#include <cmath>

#include "host/model/init.h"
#include "tests/gradcheck.h"

namespace cinerec {
namespace {

using testing::expect_gradient;
using testing::random_vector;

constexpr size_t kMovies = 7;
const DinConfig kConfig{.embedding_size = 3, .mlp_hidden_size = {4, 2}, .max_history = 5};

struct Fixture {
  DinModel model{kMovies, kConfig};
  Rng rng{5};
  std::vector<double> params = random_vector(model.layout.total(), rng);
  std::vector<uint32_t> h0{1, 4, 2}, h1{6}, h2{}, h3{0, 1, 2, 3, 5};
  // Histories of 3, 1, 0 and 5 movies (an empty one pools to 0), a movie in its own history.
  std::vector<DinSample> samples{{h0, 5}, {h1, 2}, {h2, 0}, {h3, 3}, {h0, 1}};
  Fixture() {
    for (const DinNorm& n : model.norm) {  // a variance must stay positive
      for (size_t j = 0; j < n.running_var.size; ++j)
        n.running_var.in(params.data())[j] = 0.5 + rng.uniform();
    }
  }
  const double* p(const TensorRef& t) const { return t.in(params.data()); }
};

// y = x W + b, W [in, out].
std::vector<double> linear(const Fixture& f, const DinLayer& l, const std::vector<double>& x) {
  std::vector<double> y(l.out);
  for (size_t o = 0; o < l.out; ++o) {
    y[o] = f.p(l.bias)[o];
    for (size_t i = 0; i < l.in; ++i)
      y[o] += x[i] * f.p(l.weight)[i * l.out + o];
  }
  return y;
}

double sigmoid(double x) {
  return 1 / (1 + std::exp(-x));
}

// RecBole's DIN forward, one sample at a time up to the DNN, whose BatchNorm sees every sample.
std::vector<double> definition(const Fixture& f, DinMode mode) {
  const DinModel& m = f.model;
  const size_t d = m.dim;
  const auto e = [&](uint32_t movie) {
    const double* row = f.p(m.item_embedding) + movie * d;
    return std::vector<double>(row, row + d);
  };
  std::vector<std::vector<double>> z;  // the DNN's input per sample
  for (const DinSample& s : f.samples) {
    const auto q = e(s.movie);
    std::vector<double> u(d, 0.0);
    for (const uint32_t movie : s.history) {
      const auto k = e(movie);
      std::vector<double> x;
      for (size_t c = 0; c < d; ++c)
        x.push_back(q[c]);
      for (size_t c = 0; c < d; ++c)
        x.push_back(k[c]);
      for (size_t c = 0; c < d; ++c)
        x.push_back(q[c] - k[c]);
      for (size_t c = 0; c < d; ++c)
        x.push_back(q[c] * k[c]);
      for (size_t l = 0; l + 1 < m.attention.size(); ++l) {
        x = linear(f, m.attention[l], x);
        for (double& v : x)
          v = sigmoid(v);
      }
      const double a = linear(f, m.attention.back(), x)[0] / std::sqrt(double(d));
      for (size_t c = 0; c < d; ++c)
        u[c] += a * k[c];
    }
    std::vector<double> in = u;
    in.insert(in.end(), q.begin(), q.end());
    for (size_t c = 0; c < d; ++c)
      in.push_back(u[c] * q[c]);
    z.push_back(in);
  }
  const size_t n = z.size();
  for (size_t l = 0; l < m.dnn.size(); ++l) {
    for (auto& row : z)
      row = linear(f, m.dnn[l], row);
    const DinNorm& bn = m.norm[l];
    for (size_t j = 0; j < m.dnn[l].out; ++j) {
      double mean = f.p(bn.running_mean)[j], var = f.p(bn.running_var)[j];
      if (mode == DinMode::kTrain) {
        mean = var = 0;
        for (const auto& row : z)
          mean += row[j] / double(n);
        for (const auto& row : z)
          var += (row[j] - mean) * (row[j] - mean) / double(n);
      }
      for (auto& row : z) {
        const double y =
            f.p(bn.gamma)[j] * (row[j] - mean) / std::sqrt(var + 1e-5) + f.p(bn.beta)[j];
        row[j] = y * sigmoid(y);  // RecBole's Dice, alpha = 0
      }
    }
  }
  std::vector<double> logits;
  for (const auto& row : z)
    logits.push_back(linear(f, m.predict, row)[0]);
  return logits;
}

TEST(DinNetwork, LogitsAreRecBolesDinInBothModes) {
  const Fixture f;
  for (const DinMode mode : {DinMode::kTrain, DinMode::kEval}) {
    DinActivations<double> act;
    din_forward(f.model, f.params.data(), std::span<const DinSample>(f.samples), mode, act);
    const auto expected = definition(f, mode);
    ASSERT_EQ(act.logit.size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i)
      EXPECT_NEAR(act.logit[i], expected[i], 1e-12) << i;
  }
}

TEST(DinNetwork, GradientOfEveryParameterMatchesFiniteDifferences) {
  Fixture f;
  const auto w = random_vector(f.samples.size(), f.rng);
  const auto loss = [&] {
    DinActivations<double> act;
    din_forward(f.model, f.params.data(), std::span<const DinSample>(f.samples), DinMode::kTrain,
                act);
    return testing::weighted_sum(act.logit, w);
  };
  DinActivations<double> act;
  din_forward(f.model, f.params.data(), std::span<const DinSample>(f.samples), DinMode::kTrain,
              act);
  std::vector<double> grads(f.params.size(), 0.0);
  din_backward<double>(f.model, f.params.data(), f.samples, act, w, grads.data());
  // Every tensor, the embeddings (a movie in its own history included) and the running
  // statistics (which training does not read: zero both ways).
  expect_gradient(loss, f.params, grads, "params", 1e-6);
  for (const DinNorm& n : f.model.norm)
    EXPECT_EQ(grads[n.running_var.offset], 0.0);
}

TEST(DinNetwork, RunningStatisticsMoveTowardsTheBatchsAsTorchs) {
  Fixture f;
  DinActivations<double> act;
  din_forward(f.model, f.params.data(), std::span<const DinSample>(f.samples), DinMode::kTrain,
              act);
  const DinNorm& bn = f.model.norm[0];
  const double mean0 = f.p(bn.running_mean)[1], var0 = f.p(bn.running_var)[1];
  double mean = 0, var = 0;
  const size_t n = f.samples.size(), w = f.model.dnn[0].out;
  for (size_t i = 0; i < n; ++i)
    mean += act.linear[0][i * w + 1] / double(n);
  for (size_t i = 0; i < n; ++i)
    var += std::pow(act.linear[0][i * w + 1] - mean, 2) / double(n - 1);  // unbiased
  din_update_running(f.model, act, f.params.data());
  EXPECT_NEAR(f.p(bn.running_mean)[1], 0.9 * mean0 + 0.1 * mean, 1e-15);
  EXPECT_NEAR(f.p(bn.running_var)[1], 0.9 * var0 + 0.1 * var, 1e-15);
}

TEST(DinNetwork, BinaryCrossEntropyIsTorchsWithoutOverflow) {
  const std::vector<double> logit{0.3, -2.0, 800.0, -800.0}, label{1, 0, 0, 1};
  std::vector<double> dlogit(4);
  const double loss = bce_with_logits<double>(logit, label, dlogit);
  const double expected =
      (-std::log(sigmoid(0.3)) - std::log(1 - sigmoid(-2.0)) + 800.0 + 800.0) / 4;
  EXPECT_NEAR(loss, expected, 1e-12);
  EXPECT_NEAR(dlogit[0], (sigmoid(0.3) - 1) / 4, 1e-15);
  EXPECT_NEAR(dlogit[2], 0.25, 1e-15);
  EXPECT_NEAR(dlogit[3], -0.25, 1e-15);
}

// Evaluation scores a pair by itself: ranking a user's candidates in any grouping gives the same.
TEST(DinNetwork, AnEvaluationScoreDoesNotDependOnItsBatch) {
  const DinModel model(kMovies, {.embedding_size = 8, .mlp_hidden_size = {32, 16}});
  const std::vector<float> params = init_parameters(model.layout, 3, 0.0);
  const std::vector<uint32_t> history{0, 2, 3, 6};
  std::vector<DinSample> all;
  for (uint32_t movie = 0; movie < kMovies; ++movie)
    all.push_back({history, movie});
  DinActivations<float> together, alone;
  din_forward(model, params.data(), std::span<const DinSample>(all), DinMode::kEval, together);
  for (size_t i = 0; i < all.size(); ++i) {
    din_forward(model, params.data(), std::span<const DinSample>(all).subspan(i, 1), DinMode::kEval,
                alone);
    EXPECT_EQ(alone.logit[0], together.logit[i]) << i;
  }
}

}  // namespace
}  // namespace cinerec
