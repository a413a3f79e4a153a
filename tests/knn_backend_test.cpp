// UserCF and ItemCF (host/baselines/knn_backend.h) on a small prepared dataset, against a dense
// brute-force reading of their definitions: the neighbour lists, the ranking rows (RecBole's
// ItemKNN R·W and its UserCF transpose) and the mean-centred rating predictions (Surprise's
// KNNWithMeans), for both similarities and orientations.
#include "host/baselines/knn_backend.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "tests/retrieval_fixture.h"

namespace cinerec {
namespace {

using Dense = std::vector<std::vector<double>>;

// The definitions on dense matrices: rows are the compared users or movies.
struct BruteForce {
  Compared compared;
  KnnConfig config;
  double threshold;
  Dense x, rating;           // [rows][others]; rating NaN where none
  std::vector<double> mean;  // per row
  std::vector<std::vector<uint32_t>> neighbours;

  BruteForce(const Dataset& data, Compared c, const KnnConfig& k, double t)
      : compared(c), config(k), threshold(t) {
    const size_t rows = c == Compared::kUsers ? data.num_users() : data.num_movies();
    const size_t others = c == Compared::kUsers ? data.num_movies() : data.num_users();
    x.assign(rows, std::vector<double>(others, 0.0));
    rating.assign(rows, std::vector<double>(others, std::nan("")));
    const auto train = data.split_indices(Split::kTrain);
    double total = 0;
    for (const uint32_t i : train) {
      const uint32_t u = data.rating_user()[i], m = data.rating_movie()[i];
      const double r = data.rating_value()[i];
      const uint32_t a = c == Compared::kUsers ? u : m, b = c == Compared::kUsers ? m : u;
      rating[a][b] = r;
      total += r;
      if (k.similarity == "ratings")
        x[a][b] = r;
      else if (r >= t)
        x[a][b] = 1.0;
    }
    for (size_t a = 0; a < rows; ++a) {
      double sum = 0, n = 0;
      for (const double r : rating[a])
        if (!std::isnan(r)) sum += r, n += 1;
      mean.push_back(n > 0 ? sum / n : total / static_cast<double>(train.size()));
      std::vector<uint32_t> order;
      for (uint32_t o = 0; o < rows; ++o)
        if (o != a && sim(a, o) > 0) order.push_back(o);
      std::ranges::stable_sort(order,
                               [&](uint32_t p, uint32_t q) { return sim(a, p) > sim(a, q); });
      order.resize(std::min(order.size(), k.k));
      neighbours.push_back(order);
    }
  }
  double sim(size_t a, size_t c) const {
    if (a == c) return 0.0;
    double dot = 0, na = 0, nc = 0;
    for (size_t b = 0; b < x[a].size(); ++b)
      dot += x[a][b] * x[c][b], na += x[a][b] * x[a][b], nc += x[c][b] * x[c][b];
    return dot / (std::sqrt(na) * std::sqrt(nc) + config.shrink + 1e-6);
  }
  double score(uint32_t user, uint32_t movie) const {
    const uint32_t a = compared == Compared::kUsers ? user : movie;
    const uint32_t b = compared == Compared::kUsers ? movie : user;
    double s = 0;
    for (const uint32_t n : neighbours[a])
      s += sim(a, n) * x[n][b];
    return s;
  }
  double predict(uint32_t user, uint32_t movie) const {
    const uint32_t a = compared == Compared::kUsers ? user : movie;
    const uint32_t b = compared == Compared::kUsers ? movie : user;
    std::vector<uint32_t> near;
    for (uint32_t c = 0; c < x.size(); ++c)
      if (c != a && !std::isnan(rating[c][b]) && sim(a, c) > 0) near.push_back(c);
    std::ranges::stable_sort(near, [&](uint32_t p, uint32_t q) { return sim(a, p) > sim(a, q); });
    near.resize(std::min(near.size(), config.rating_k));
    double weighted = 0, weights = 0;
    for (const uint32_t c : near)
      weighted += sim(a, c) * (rating[c][b] - mean[c]), weights += sim(a, c);
    return near.empty() ? mean[a] : mean[a] + weighted / weights;
  }
};

struct Case {
  Compared compared;
  const char* similarity;
};

class KnnBackendTest : public ::testing::TestWithParam<Case> {
 protected:
  KnnBackendTest() : data(testing::small_dataset(14, 30, 220)) {
    config.k = 3;
    config.rating_k = 2;
    config.shrink = 0.5;
    config.similarity = GetParam().similarity;
  }
  std::unique_ptr<KnnBackend> trained() const {
    auto knn = std::make_unique<KnnBackend>(data.num_users(), data.num_movies(),
                                            GetParam().compared, config, kThreshold);
    knn->bind_data(data);
    const auto train = data.split_indices(Split::kTrain);
    knn->begin_epoch(train, 1, 0);
    knn->train_step({0, train.size(), 0});
    return knn;
  }
  static constexpr double kThreshold = 3.0;
  Dataset data;
  KnnConfig config;
};

TEST_P(KnnBackendTest, RanksByTheNeighbourSumsOfItsDefinition) {
  const BruteForce expected(data, GetParam().compared, config, kThreshold);
  const auto knn = trained();
  ASSERT_EQ(knn->row_scorer(), knn.get());
  std::vector<uint32_t> users(data.num_users());
  std::iota(users.begin(), users.end(), 0u);
  std::vector<float> rows(users.size() * data.num_movies(), -7.0f);  // poisoned
  knn->score_rows(users, rows);
  size_t nonzero = 0;
  for (uint32_t u = 0; u < users.size(); ++u) {
    for (uint32_t m = 0; m < data.num_movies(); ++m) {
      const float got = rows[u * data.num_movies() + m];
      EXPECT_NEAR(got, expected.score(u, m), 1e-5) << u << ", " << m;
      nonzero += got != 0.0f;
    }
  }
  EXPECT_GT(nonzero, rows.size() / 10);
  // A user's row is the same alone.
  std::vector<float> alone(data.num_movies());
  knn->score_rows(std::span(users).subspan(5, 1), alone);
  EXPECT_TRUE(std::equal(alone.begin(), alone.end(), rows.begin() + 5 * data.num_movies()));
}

TEST_P(KnnBackendTest, PredictsTheMeanCentredNeighbourAverage) {
  const BruteForce expected(data, GetParam().compared, config, kThreshold);
  const auto knn = trained();
  Batch batch;
  batch.clear(0);
  for (uint32_t u = 0; u < data.num_users(); ++u)
    for (uint32_t m = 0; m < data.num_movies(); m += 3)
      batch.append(data, u, m, 0.0f);
  std::vector<float> out(batch.size());
  knn->predict(batch, out);
  size_t from_neighbours = 0;
  for (size_t i = 0; i < batch.size(); ++i) {
    const uint32_t u = batch.user[i], m = batch.movie[i];
    EXPECT_NEAR(out[i], expected.predict(u, m), 1e-5) << u << ", " << m;
    const uint32_t a = GetParam().compared == Compared::kUsers ? u : m;
    from_neighbours += std::abs(out[i] - expected.mean[a]) > 1e-6;
  }
  EXPECT_GT(from_neighbours, batch.size() / 10);
}

TEST_P(KnnBackendTest, KeepsTheNeighbourListsAcrossEpochsAndHasNoVectors) {
  const auto knn = trained();
  const ModelState state = knn->state();
  knn->begin_epoch(data.split_indices(Split::kTrain), 1, 1);
  EXPECT_EQ(knn->state().params, state.params);
  EXPECT_THROW(knn->feature_dim(), std::invalid_argument);
}

TEST_P(KnnBackendTest, RefusesNeighbourListsOfNoRowsAndCapsK) {
  const auto knn = trained();
  const ParamEntry& neighbour = knn->layout().at("neighbour");
  for (const float bad : {-1.0f, 2.5f, 1e6f}) {
    ModelState state = knn->state();
    state.params[neighbour.offset] = bad;
    EXPECT_THROW(knn->set_state(state), std::invalid_argument) << bad;
  }
  ModelState gap = knn->state();  // a zero, then a neighbour again
  ASSERT_GT(gap.params[neighbour.offset + 1], 0.0f);
  gap.params[neighbour.offset] = 0.0f;
  EXPECT_THROW(knn->set_state(gap), std::invalid_argument);
  KnnConfig huge = config;
  huge.k = 1000000;
  const KnnBackend capped(data.num_users(), data.num_movies(), GetParam().compared, huge, 3.0);
  const size_t rows =
      GetParam().compared == Compared::kUsers ? data.num_users() : data.num_movies();
  EXPECT_EQ(capped.layout().at("neighbour").shape, (std::vector<size_t>{rows, rows - 1}));
  std::vector<float> out(data.num_movies());
  const uint32_t user = 0;
  EXPECT_THROW(capped.score_rows(std::span(&user, 1), out), std::logic_error);  // no data yet
}

INSTANTIATE_TEST_SUITE_P(Knn, KnnBackendTest,
                         ::testing::Values(Case{Compared::kUsers, "sets"},
                                           Case{Compared::kUsers, "ratings"},
                                           Case{Compared::kMovies, "sets"},
                                           Case{Compared::kMovies, "ratings"}));

}  // namespace
}  // namespace cinerec
