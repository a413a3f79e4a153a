// The cosine similarity of the rows of a sparse matrix X as RecBole's ComputeSimilarity computes
// it for ItemKNN: sim(a, c) = sum_b X[a,b] X[c,b] / (|X_a| |X_c| + shrink + 1e-6), a row never
// similar to itself. With X the 0/1 matrix of rated sets this is the paper's eq. 1,
// |N(a) ∩ N(c)| / sqrt(|N(a)| |N(c)|); with X the ratings, its eq. 2; shrink > 0 pulls the
// similarities of rows with little overlap towards 0.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "host/baselines/sparse_rows.h"

namespace cinerec {

// One row's similarities with every other row, in a dense buffer reused from row to row (one per
// thread): computing row a costs sum over b in X_a of |column b|, never the number of rows.
class RowCosine {
 public:
  // `x` and its transpose `xt`; both must outlive this.
  RowCosine(const SparseRows& x, const SparseRows& xt, double shrink);

  // Makes the similarities those of row a.
  void compute(uint32_t a);
  // sim(a, c) of the last computed row a (0 when they share no column, and for c = a).
  float operator[](uint32_t c) const { return similarity_[c]; }
  // The rows c != a sharing a column with a, in no particular order.
  std::span<const uint32_t> sharing() const { return sharing_; }

 private:
  const SparseRows& x_;
  const SparseRows& xt_;
  double shrink_;
  std::vector<double> norm_;
  std::vector<double> dot_;
  std::vector<float> similarity_;
  std::vector<uint8_t> shares_;  // whether the row is in sharing_
  std::vector<uint32_t> sharing_;
};

// Each row's k most similar other rows with a similarity > 0, best first, ties to the smaller
// index, and their similarities: [rows, k] each, as the model's parameters hold them: a
// neighbour as its index + 1 in a float (exact below 2^24 rows), 0 and similarity 0 past a row's
// last (so zeroed parameters are empty lists).
void top_neighbours(const SparseRows& x, const SparseRows& xt, double shrink, size_t k,
                    std::span<float> neighbour, std::span<float> similarity);

}  // namespace cinerec
