#include "host/baselines/sparse_rows.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace cinerec {
namespace {

// Counting sort of the entries by row, each row's entries in the order given.
SparseRows by_row(size_t rows, std::span<const uint32_t> row, std::span<const uint32_t> column,
                  std::span<const float> value) {
  SparseRows m;
  m.offsets.assign(rows + 1, 0);
  for (const uint32_t r : row) {
    if (r >= rows) {
      throw std::invalid_argument("sparse matrix: row " + std::to_string(r) + " of " +
                                  std::to_string(rows));
    }
    ++m.offsets[r + 1];
  }
  for (size_t r = 0; r < rows; ++r)
    m.offsets[r + 1] += m.offsets[r];
  m.columns.resize(row.size());
  m.values.resize(row.size());
  std::vector<uint64_t> next(m.offsets.begin(), m.offsets.end() - 1);
  for (size_t i = 0; i < row.size(); ++i) {
    const uint64_t at = next[row[i]]++;
    m.columns[at] = column[i];
    m.values[at] = value[i];
  }
  return m;
}

std::vector<uint32_t> row_of_each_entry(const SparseRows& m) {
  std::vector<uint32_t> row(m.columns.size());
  for (size_t r = 0; r < m.rows(); ++r) {
    for (uint64_t i = m.offsets[r]; i < m.offsets[r + 1]; ++i)
      row[i] = static_cast<uint32_t>(r);
  }
  return row;
}

}  // namespace

// Sorting by column first, then stably by row, leaves each row's columns ascending.
SparseRows sparse_rows(size_t rows, std::span<const uint32_t> row, std::span<const uint32_t> column,
                       std::span<const float> value) {
  if (row.size() != column.size() || row.size() != value.size())
    throw std::invalid_argument("sparse matrix: rows, columns and values differ in length");
  uint32_t columns = 0;
  for (const uint32_t c : column)
    columns = std::max(columns, c + 1);
  const SparseRows by_column = by_row(columns, column, row, value);
  SparseRows m = by_row(rows, by_column.columns, row_of_each_entry(by_column), by_column.values);
  for (size_t r = 0; r < m.rows(); ++r) {
    const auto c = m.columns_of(r);
    for (size_t i = 1; i < c.size(); ++i) {
      if (c[i] == c[i - 1]) {
        throw std::invalid_argument("sparse matrix: entry (" + std::to_string(r) + ", " +
                                    std::to_string(c[i]) + ") given twice");
      }
    }
  }
  return m;
}

SparseRows transposed(const SparseRows& m, size_t columns) {
  return by_row(columns, m.columns, row_of_each_entry(m), m.values);
}

}  // namespace cinerec
