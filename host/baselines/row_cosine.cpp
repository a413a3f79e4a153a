#include "host/baselines/row_cosine.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace cinerec {

RowCosine::RowCosine(const SparseRows& x, const SparseRows& xt, double shrink)
    : x_(x),
      xt_(xt),
      shrink_(shrink),
      norm_(x.rows(), 0.0),
      dot_(x.rows(), 0.0),
      similarity_(x.rows(), 0.0f),
      shares_(x.rows(), 0) {
  for (size_t r = 0; r < x.rows(); ++r) {
    double sum = 0.0;
    for (const float v : x.values_of(r))
      sum += static_cast<double>(v) * v;
    norm_[r] = std::sqrt(sum);
  }
}

void RowCosine::compute(uint32_t a) {
  for (const uint32_t c : sharing_)
    dot_[c] = 0.0, similarity_[c] = 0.0f, shares_[c] = 0;
  sharing_.clear();
  const auto columns = x_.columns_of(a);
  const auto values = x_.values_of(a);
  for (size_t j = 0; j < columns.size(); ++j) {
    const auto rows = xt_.columns_of(columns[j]);
    const auto row_values = xt_.values_of(columns[j]);
    for (size_t i = 0; i < rows.size(); ++i) {
      const uint32_t c = rows[i];
      if (c == a) continue;
      if (!shares_[c]) shares_[c] = 1, sharing_.push_back(c);
      dot_[c] += static_cast<double>(values[j]) * row_values[i];
    }
  }
  for (const uint32_t c : sharing_)
    similarity_[c] = static_cast<float>(dot_[c] / (norm_[a] * norm_[c] + shrink_ + 1e-6));
}

void top_neighbours(const SparseRows& x, const SparseRows& xt, double shrink, size_t k,
                    std::span<float> neighbour, std::span<float> similarity) {
  const size_t rows = x.rows();
  if (neighbour.size() != rows * k || similarity.size() != rows * k)
    throw std::invalid_argument("top_neighbours needs rows x k outputs");
  std::ranges::fill(neighbour, 0.0f);
  std::ranges::fill(similarity, 0.0f);
#pragma omp parallel
  {
    RowCosine cosine(x, xt, shrink);
    std::vector<uint32_t> best;
#pragma omp for schedule(dynamic, 64)
    for (size_t a = 0; a < rows; ++a) {
      cosine.compute(static_cast<uint32_t>(a));
      best.clear();
      for (const uint32_t c : cosine.sharing())
        if (cosine[c] > 0.0f) best.push_back(c);
      const auto before = [&](uint32_t p, uint32_t q) {
        return cosine[p] > cosine[q] || (cosine[p] == cosine[q] && p < q);
      };
      const size_t keep = std::min(k, best.size());
      std::partial_sort(best.begin(), best.begin() + static_cast<ptrdiff_t>(keep), best.end(),
                        before);
      for (size_t j = 0; j < keep; ++j) {
        neighbour[a * k + j] = static_cast<float>(best[j] + 1);
        similarity[a * k + j] = cosine[best[j]];
      }
    }
  }
}

}  // namespace cinerec
