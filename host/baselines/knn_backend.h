// UserCF and ItemCF (model.kind = "usercf" | "itemcf", docs/baselines.md): the neighbourhood
// models of the paper's Section 3. The compared rows are the users (UserCF) or the movies
// (ItemCF), each a sparse row over the others (host/baselines/row_cosine.h: 1 per positive, or
// the ratings). "Training" keeps each row's k most similar rows, as RecBole's ItemKNN; it ranks
//   ItemCF: score(u, i) = sum over j in N_k(i) of sim(i, j) X[u, j]   (RecBole's R·W)
//   UserCF: score(u, i) = sum over v in N_k(u) of sim(u, v) X[v, i]   (its transpose)
// and predicts a rating of row a by row b (ItemCF: a movie by a user) as Surprise's KNNWithMeans,
//   r(a, b) = mu_a + sum_c sim(a, c) (r_cb - mu_c) / sum_c sim(a, c),
// over the rating_k rows c most similar to a (similarity > 0) that have a training rating with
// b, mu the rows' mean training ratings (mu_a alone when there is none). The ranking score is no
// rating: it comes in rows (RowScorer), with no tower features.
#pragma once

#include "host/baselines/baseline_backend.h"
#include "host/baselines/row_cosine.h"
#include "host/baselines/sparse_rows.h"
#include "host/config/config.h"

namespace cinerec {

enum class Compared { kUsers, kMovies };

// Its tensors: neighbour and similarity [rows, k] (a neighbour's index + 1 as a float, 0 past a
// row's last: host/baselines/row_cosine.h) and mean [rows] (each row's mean training rating; the
// global mean for a row without ratings).
struct KnnModel {
  KnnModel(size_t rows, size_t k);
  ParamLayout layout;
  TensorRef neighbour, similarity, mean;
};

class KnnBackend final : public BaselineBackend, public RowScorer {
 public:
  // Throws std::invalid_argument for 2^24 compared rows or more (their indices are floats).
  // config.k above rows - 1 is capped there.
  KnnBackend(size_t users, size_t movies, Compared compared, const KnnConfig& config,
             double positive_threshold);
  // Throws std::invalid_argument: the model has no tower features.
  size_t feature_dim() const override;
  const ParamLayout& layout() const override { return model_.layout; }
  void set_state(const ModelState& state) override;
  void bind_data(const Dataset& data) override;
  // The training rows, which its ratings and scores are sums over.
  void prepare_inference(const Dataset& data) override;
  // Epoch 0 makes the means and the neighbour lists; later epochs keep them.
  void begin_epoch(std::span<const uint32_t> train, uint64_t seed, uint64_t epoch) override;
  void predict(const Batch& batch, std::span<float> out) override;
  const RowScorer* row_scorer() const override { return this; }
  size_t num_movies() const override { return movies_; }
  void score_rows(std::span<const uint32_t> users, std::span<float> out) const override;

 private:
  double train_ratings(std::span<const uint32_t> ratings) override;
  void user_vector(uint32_t, float*) const override { no_vectors(); }
  void movie_vector(uint32_t, float*) const override { no_vectors(); }
  [[noreturn]] void no_vectors() const;

  size_t rows() const { return compared_ == Compared::kUsers ? users_ : movies_; }
  size_t others() const { return compared_ == Compared::kUsers ? movies_ : users_; }
  // The predicted ratings of the (user, movie) pairs, each compared row's similarities computed
  // once.
  void predict_pairs(std::span<const uint32_t> user, std::span<const uint32_t> movie,
                     std::span<float> out) const;
  // r(a, b) with `cosine` holding row a's similarities.
  float predicted(const RowCosine& cosine, uint32_t a, uint32_t b) const;
  void make_means(std::span<const uint32_t> train);
  // Throws std::invalid_argument for neighbour lists that are no lists of other rows.
  void check_neighbours() const;
  // Throws std::logic_error unless bind_data or prepare_inference gave the training rows.
  void require_training_rows() const;
  // ItemCF: for each movie j, the movies whose neighbour lists hold it, from the parameters.
  void index_neighbours();

  Compared compared_;
  KnnConfig config_;
  float positive_threshold_;
  size_t users_, movies_;
  KnnModel model_;
  SparseRows x_, xt_;          // the compared rows [rows, others] and their transpose
  SparseRows others_ratings_;  // each other's training ratings by the compared rows
  SparseRows listed_by_;       // ItemCF: [movies, movies], sim(i, j) at (j, i) for j in N_k(i)
};

}  // namespace cinerec
