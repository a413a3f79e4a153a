// A sparse matrix in CSR form with a value per entry, each row's columns ascending and free of
// repeats: the training ratings as rows of movies per user or of users per movie, which the
// neighbourhood models (host/baselines/knn_backend.h) compare and sum over.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace cinerec {

struct SparseRows {
  std::vector<uint64_t> offsets{0};  // [rows + 1]
  std::vector<uint32_t> columns;
  std::vector<float> values;

  size_t rows() const { return offsets.size() - 1; }
  std::span<const uint32_t> columns_of(size_t r) const {
    return std::span(columns).subspan(offsets[r], offsets[r + 1] - offsets[r]);
  }
  std::span<const float> values_of(size_t r) const {
    return std::span(values).subspan(offsets[r], offsets[r + 1] - offsets[r]);
  }
};

// The matrix of `rows` rows with entry (row[i], column[i]) = value[i]. Throws
// std::invalid_argument for an entry given twice or a row index out of range.
SparseRows sparse_rows(size_t rows, std::span<const uint32_t> row, std::span<const uint32_t> column,
                       std::span<const float> value);

// The transpose, with `columns` rows.
SparseRows transposed(const SparseRows& m, size_t columns);

}  // namespace cinerec
