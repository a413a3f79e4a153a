// FISM's loss (host/baselines/fism_loss.h) on tiny random data in double: the value against its
// definition, the gradient against finite differences, and a positive leaving its own movie out
// of its user's sum (the paper's definition) while a sampled movie's logit takes the whole history.
#include "host/baselines/fism_loss.h"

#include <gtest/gtest.h>

#include <cmath>

#include "tests/gradcheck.h"

namespace cinerec {
namespace {

using testing::expect_gradient;
using testing::random_vector;

constexpr size_t kUsers = 3, kMovies = 6, kDim = 3;
constexpr double kAlpha = 0.5;

UserItems histories() {  // user 0: {1, 2, 4}; user 1: {0}; user 2: {3, 5}
  UserItems h;
  h.items = {1, 2, 4, 0, 3, 5};
  h.offsets = {0, 3, 4, 6};
  return h;
}

struct Fixture {
  Rng rng{12};
  std::vector<double> src = random_vector(kMovies * kDim, rng),
                      dst = random_vector(kMovies * kDim, rng),
                      user_bias = random_vector(kUsers, rng),
                      item_bias = random_vector(kMovies, rng);
  UserItems history = histories();
  // Positives (their movie in the history) and sampled movies; user 1's only positive leaves an
  // empty sum.
  std::vector<FismSample> samples{
      {0, 2, true}, {0, 5, false}, {1, 0, true}, {2, 3, true}, {2, 1, false}};
  FismWeights<double> weights() const {
    return {kDim, src.data(), dst.data(), user_bias.data(), item_bias.data()};
  }
  double logit(const FismSample& s) const {
    double x = user_bias[s.user] + item_bias[s.movie];
    size_t n = 0;
    std::vector<double> sum(kDim, 0.0);
    for (const uint32_t j : history.row(s.user)) {
      if (s.positive && j == s.movie) continue;
      ++n;
      for (size_t k = 0; k < kDim; ++k)
        sum[k] += src[j * kDim + k];
    }
    if (n == 0) return x;
    for (size_t k = 0; k < kDim; ++k)
      x += std::pow(static_cast<double>(n), -kAlpha) * sum[k] * dst[s.movie * kDim + k];
    return x;
  }
  double definition() const {
    double loss = 0;
    for (const FismSample& s : samples) {
      const double p = 1 / (1 + std::exp(-logit(s)));
      loss += s.positive ? -std::log(p) : -std::log(1 - p);
    }
    return loss / static_cast<double>(samples.size());
  }
};

TEST(FismLoss, MatchesItsDefinitionAndFiniteDifferences) {
  Fixture f;
  std::vector<double> g_src(f.src.size(), 0.0), g_dst(f.dst.size(), 0.0), g_user(kUsers, 0.0),
      g_item(kMovies, 0.0);
  const double loss = fism_loss<double>(f.weights(), f.history, f.samples, kAlpha, g_src.data(),
                                        g_dst.data(), g_user.data(), g_item.data());
  EXPECT_NEAR(loss, f.definition(), 1e-12);
  const auto objective = [&] { return f.definition(); };
  expect_gradient(objective, f.src, g_src, "item_src_embedding");
  expect_gradient(objective, f.dst, g_dst, "item_dst_embedding");
  expect_gradient(objective, f.user_bias, g_user, "user_bias");
  expect_gradient(objective, f.item_bias, g_item, "item_bias");
}

// The positive (0, 2) does not read p_2; the sampled (0, 5) reads all of user 0's history.
TEST(FismLoss, APositiveLeavesItsOwnMovieOut) {
  Fixture f;
  f.samples = {{0, 2, true}};
  std::vector<double> g_src(f.src.size(), 0.0), g_dst(f.dst.size(), 0.0), g_user(kUsers, 0.0),
      g_item(kMovies, 0.0);
  fism_loss<double>(f.weights(), f.history, f.samples, kAlpha, g_src.data(), g_dst.data(),
                    g_user.data(), g_item.data());
  for (size_t k = 0; k < kDim; ++k) {
    EXPECT_EQ(g_src[2 * kDim + k], 0.0);  // its own source row
    EXPECT_NE(g_src[1 * kDim + k], 0.0);  // the rest of the history
    EXPECT_NE(g_src[4 * kDim + k], 0.0);
  }
  f.samples = {{0, 5, false}};
  std::ranges::fill(g_src, 0.0);
  fism_loss<double>(f.weights(), f.history, f.samples, kAlpha, g_src.data(), g_dst.data(),
                    g_user.data(), g_item.data());
  for (const size_t j : {1, 2, 4}) {
    for (size_t k = 0; k < kDim; ++k)
      EXPECT_NE(g_src[j * kDim + k], 0.0) << j;
  }
}

}  // namespace
}  // namespace cinerec
