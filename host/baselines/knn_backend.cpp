#include "host/baselines/knn_backend.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

namespace cinerec {
namespace {

constexpr size_t kMaxRows = size_t{1} << 24;  // float-exact indices

// A row has at most rows - 1 neighbours (RecBole's min(topk, n)): a larger k only wastes memory.
KnnConfig with_k_capped(KnnConfig config, size_t rows) {
  config.k = std::max<size_t>(1, std::min(config.k, rows > 1 ? rows - 1 : 1));
  return config;
}

}  // namespace

KnnModel::KnnModel(size_t rows, size_t k)
    : neighbour(layout.add("neighbour", {rows, k}, ParamKind::kEmbedding, ParamInit::kZero)),
      similarity(layout.add("similarity", {rows, k}, ParamKind::kEmbedding, ParamInit::kZero)),
      mean(layout.add("mean", {rows}, ParamKind::kBias, ParamInit::kZero)) {}

KnnBackend::KnnBackend(size_t users, size_t movies, Compared compared, const KnnConfig& config,
                       double positive_threshold)
    : compared_(compared),
      config_(with_k_capped(config, compared == Compared::kUsers ? users : movies)),
      positive_threshold_(static_cast<float>(positive_threshold)),
      users_(users),
      movies_(movies),
      model_(compared == Compared::kUsers ? users : movies, config_.k) {
  if (rows() >= kMaxRows) {
    throw std::invalid_argument("the neighbourhood models hold at most " +
                                std::to_string(kMaxRows - 1) + " users or movies, not " +
                                std::to_string(rows()));
  }
  allocate_state();
}

size_t KnnBackend::feature_dim() const {
  no_vectors();
}

void KnnBackend::no_vectors() const {
  refuse_vectors(compared_ == Compared::kUsers ? "usercf" : "itemcf", "rows of neighbour sums");
}

void KnnBackend::set_state(const ModelState& state) {
  BaselineBackend::set_state(state);
  check_neighbours();
  index_neighbours();
}

// Parameters from a file: every list must be row indices + 1, then only zeros.
void KnnBackend::check_neighbours() const {
  const size_t k = config_.k;
  const float* neighbour = model_.neighbour.in(params().data());
  for (size_t a = 0; a < rows(); ++a) {
    bool ended = false;
    for (size_t n = 0; n < k; ++n) {
      const float v = neighbour[a * k + n];
      const bool valid = v == std::floor(v) && v >= 0.0f && v <= static_cast<float>(rows()) &&
                         !(ended && v != 0.0f) && v != static_cast<float>(a + 1);
      if (!valid) {
        throw std::invalid_argument("neighbour list of row " + std::to_string(a) + " holds " +
                                    std::to_string(v) + " at " + std::to_string(n) +
                                    ": expected another row's index + 1 (1 to " +
                                    std::to_string(rows()) + "), then zeros");
      }
      ended = ended || v == 0.0f;
    }
  }
}

void KnnBackend::bind_data(const Dataset& data) {
  BaselineBackend::bind_data(data);
  prepare_inference(data);
}

void KnnBackend::prepare_inference(const Dataset& data) {
  std::vector<uint32_t> row, other, x_row, x_other;
  std::vector<float> rating, x_value;
  const bool sets = config_.similarity == "sets";
  for (const uint32_t i : data.split_indices(Split::kTrain)) {
    const uint32_t u = data.rating_user()[i], m = data.rating_movie()[i];
    const float r = data.rating_value()[i];
    const uint32_t a = compared_ == Compared::kUsers ? u : m;
    const uint32_t b = compared_ == Compared::kUsers ? m : u;
    row.push_back(a), other.push_back(b), rating.push_back(r);
    if (!sets || r >= positive_threshold_) {
      x_row.push_back(a), x_other.push_back(b), x_value.push_back(sets ? 1.0f : r);
    }
  }
  x_ = sparse_rows(rows(), x_row, x_other, x_value);
  xt_ = transposed(x_, others());
  others_ratings_ = sparse_rows(others(), other, row, rating);
}

void KnnBackend::begin_epoch(std::span<const uint32_t> train, uint64_t seed, uint64_t epoch) {
  BaselineBackend::begin_epoch(train, seed, epoch);
  if (epoch != 0) return;
  make_means(train);
  top_neighbours(x_, xt_, config_.shrink, config_.k, model_.neighbour.in(std::span(params())),
                 model_.similarity.in(std::span(params())));
  index_neighbours();
}

void KnnBackend::make_means(std::span<const uint32_t> train) {
  std::vector<double> sum(rows(), 0.0), count(rows(), 0.0);
  double total = 0.0;
  for (const uint32_t i : train) {
    const uint32_t a =
        compared_ == Compared::kUsers ? data().rating_user()[i] : data().rating_movie()[i];
    sum[a] += data().rating_value()[i], count[a] += 1.0, total += data().rating_value()[i];
  }
  const double global = train.empty() ? 0.0 : total / static_cast<double>(train.size());
  float* mean = model_.mean.in(params().data());
  for (size_t a = 0; a < rows(); ++a)
    mean[a] = static_cast<float>(count[a] > 0 ? sum[a] / count[a] : global);
}

void KnnBackend::index_neighbours() {
  if (compared_ == Compared::kUsers) return;
  const size_t k = config_.k;
  const float* neighbour = model_.neighbour.in(params().data());
  const float* similarity = model_.similarity.in(params().data());
  std::vector<uint32_t> listed, lister;
  std::vector<float> value;
  for (size_t i = 0; i < rows(); ++i) {
    for (size_t n = 0; n < k && neighbour[i * k + n] > 0.0f; ++n) {
      listed.push_back(static_cast<uint32_t>(neighbour[i * k + n]) - 1);
      lister.push_back(static_cast<uint32_t>(i));
      value.push_back(similarity[i * k + n]);
    }
  }
  listed_by_ = sparse_rows(rows(), listed, lister, value);
}

void KnnBackend::require_training_rows() const {
  if (x_.rows() != rows()) throw std::logic_error("neighbourhood model used before its data");
}

void KnnBackend::score_rows(std::span<const uint32_t> users, std::span<float> out) const {
  if (out.size() != users.size() * movies_)
    throw std::invalid_argument("score_rows needs users x movies outputs");
  require_training_rows();
  const size_t k = config_.k;
  const float* neighbour = model_.neighbour.in(params().data());
  const float* similarity = model_.similarity.in(params().data());
#pragma omp parallel for schedule(dynamic)
  for (size_t r = 0; r < users.size(); ++r) {
    float* row = out.data() + r * movies_;
    std::fill_n(row, movies_, 0.0f);
    const uint32_t u = users[r];
    const auto add = [row](const SparseRows& rows_of, uint32_t source, float weight) {
      const auto columns = rows_of.columns_of(source);
      const auto values = rows_of.values_of(source);
      for (size_t j = 0; j < columns.size(); ++j)
        row[columns[j]] += weight * values[j];
    };
    if (compared_ == Compared::kMovies) {
      // Each movie j the user has a row value x for adds x sim(i, j) to the movies i listing j.
      const auto movies = xt_.columns_of(u);
      for (size_t n = 0; n < movies.size(); ++n)
        add(listed_by_, movies[n], xt_.values_of(u)[n]);
    } else {
      // Each neighbour v adds sim(u, v) times its row.
      for (size_t n = 0; n < k && neighbour[u * k + n] != 0.0f; ++n)
        add(x_, static_cast<uint32_t>(neighbour[u * k + n]) - 1, similarity[u * k + n]);
    }
  }
}

float KnnBackend::predicted(const RowCosine& cosine, uint32_t a, uint32_t b) const {
  const auto rated_by = others_ratings_.columns_of(b);
  const auto ratings = others_ratings_.values_of(b);
  std::vector<uint32_t> near;  // positions in rated_by
  for (size_t j = 0; j < rated_by.size(); ++j)
    if (cosine[rated_by[j]] > 0.0f) near.push_back(static_cast<uint32_t>(j));
  const auto before = [&](uint32_t p, uint32_t q) {
    const float sp = cosine[rated_by[p]], sq = cosine[rated_by[q]];
    return sp > sq || (sp == sq && rated_by[p] < rated_by[q]);
  };
  const size_t keep = std::min(config_.rating_k, near.size());
  std::partial_sort(near.begin(), near.begin() + static_cast<ptrdiff_t>(keep), near.end(), before);
  const float* mean = model_.mean.in(params().data());
  double weighted = 0.0, weights = 0.0;
  for (size_t n = 0; n < keep; ++n) {
    const uint32_t c = rated_by[near[n]];
    weighted += static_cast<double>(cosine[c]) * (ratings[near[n]] - mean[c]);
    weights += cosine[c];
  }
  return keep == 0 ? mean[a] : static_cast<float>(mean[a] + weighted / weights);
}

void KnnBackend::predict_pairs(std::span<const uint32_t> user, std::span<const uint32_t> movie,
                               std::span<float> out) const {
  require_training_rows();
  const auto& a_of = compared_ == Compared::kUsers ? user : movie;
  const auto& b_of = compared_ == Compared::kUsers ? movie : user;
  std::vector<uint32_t> order(out.size());
  std::iota(order.begin(), order.end(), 0u);
  std::ranges::stable_sort(order, [&](uint32_t p, uint32_t q) { return a_of[p] < a_of[q]; });
  std::vector<size_t> group_start;
  for (size_t i = 0; i < order.size(); ++i)
    if (i == 0 || a_of[order[i]] != a_of[order[i - 1]]) group_start.push_back(i);
  const size_t groups = group_start.size();
  group_start.push_back(order.size());
#pragma omp parallel
  {
    RowCosine cosine(x_, xt_, config_.shrink);
#pragma omp for schedule(dynamic)
    for (size_t g = 0; g < groups; ++g) {
      const uint32_t a = a_of[order[group_start[g]]];
      cosine.compute(a);
      for (size_t i = group_start[g]; i < group_start[g + 1]; ++i)
        out[order[i]] = predicted(cosine, a, b_of[order[i]]);
    }
  }
}

void KnnBackend::predict(const Batch& batch, std::span<float> out) {
  if (out.size() != batch.size()) throw std::invalid_argument("predict needs one output per row");
  predict_pairs(batch.user, batch.movie, out);
}

double KnnBackend::train_ratings(std::span<const uint32_t> ratings) {
  std::vector<uint32_t> user, movie;
  for (const uint32_t i : ratings)
    user.push_back(data().rating_user()[i]), movie.push_back(data().rating_movie()[i]);
  std::vector<float> out(ratings.size());
  predict_pairs(user, movie, out);
  double loss = 0.0;
  for (size_t i = 0; i < ratings.size(); ++i) {
    const double err = data().rating_value()[ratings[i]] - out[i];
    loss += err * err;
  }
  return loss;
}

}  // namespace cinerec
