#include "host/cpu/row_gemm.h"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <vector>

namespace cinerec::cpu {
namespace {

constexpr size_t kRows = 4;          // rows that share each load of B
constexpr size_t kNarrowBytes = 32;  // the narrower register; columns are padded to its width
constexpr size_t kWideBytes = 64;

// kRows rows x one register of Bytes bytes of columns, accumulated in registers: each element
// runs c += a * b for p = 0, 1, ..., k - 1.
template <size_t Bytes, class T>
void register_block(size_t k, const T* a, size_t lda, const T* b, size_t ldb, T* c, size_t ldc) {
  typedef T Vec __attribute__((vector_size(Bytes)));
  Vec acc[kRows], bv;
  for (size_t r = 0; r < kRows; ++r)
    std::memcpy(&acc[r], c + r * ldc, sizeof(Vec));
  for (size_t p = 0; p < k; ++p) {
    std::memcpy(&bv, b + p * ldb, sizeof(Vec));
    for (size_t r = 0; r < kRows; ++r)
      acc[r] += a[r * lda + p] * bv;
  }
  for (size_t r = 0; r < kRows; ++r)
    std::memcpy(c + r * ldc, &acc[r], sizeof(Vec));
}

// kRows rows of C [kRows, n] += A B, n a multiple of the narrow register's lanes: wide registers
// while they fit, then narrow ones. Which register a column takes depends on the column alone.
template <class T>
void row_block(size_t n, size_t k, const T* a, size_t lda, const T* b, size_t ldb, T* c,
               size_t ldc) {
  constexpr size_t wide = kWideBytes / sizeof(T), narrow = kNarrowBytes / sizeof(T);
  size_t j = 0;
  for (; j + wide <= n; j += wide)
    register_block<kWideBytes>(k, a, lda, b + j, ldb, c + j, ldc);
  for (; j < n; j += narrow)
    register_block<kNarrowBytes>(k, a, lda, b + j, ldb, c + j, ldc);
}

}  // namespace

// Every row goes through the same registers: a block short of kRows rows is padded with zero
// rows, and the columns with zero columns to the narrow register's width, in scratch copies
// (whole blocks of whole registers run in place). A scalar tail would round differently:
// compilers fuse the registers' multiply-adds and may not fuse a scalar's.
template <class T>
void row_gemm(size_t m, size_t n, size_t k, const T* a, size_t lda, const T* b, size_t ldb, T* c,
              size_t ldc) {
  if (m == 0 || n == 0) return;
  constexpr size_t narrow = kNarrowBytes / sizeof(T);
  const size_t padded = (n + narrow - 1) / narrow * narrow;
  std::vector<T> wide_b;
  if (padded != n) {
    wide_b.assign(k * padded, T(0));
    for (size_t p = 0; p < k; ++p)
      std::copy_n(b + p * ldb, n, wide_b.data() + p * padded);
    b = wide_b.data(), ldb = padded;
  }
  const auto blocks = static_cast<ptrdiff_t>((m + kRows - 1) / kRows);
  // Threads split the row blocks; a row's arithmetic is the same on any of them.
#pragma omp parallel if (m * n * k > (size_t{1} << 18))
  {
    std::vector<T> rows_a(kRows * k), rows_c(kRows * padded);
#pragma omp for schedule(static)
    for (ptrdiff_t blk = 0; blk < blocks; ++blk) {
      const size_t first = static_cast<size_t>(blk) * kRows, count = std::min(kRows, m - first);
      if (count == kRows && padded == n) {
        row_block(n, k, a + first * lda, lda, b, ldb, c + first * ldc, ldc);
        continue;
      }
      std::fill(rows_a.begin(), rows_a.end(), T(0));
      std::fill(rows_c.begin(), rows_c.end(), T(0));
      for (size_t r = 0; r < count; ++r) {
        std::copy_n(a + (first + r) * lda, k, rows_a.data() + r * k);
        std::copy_n(c + (first + r) * ldc, n, rows_c.data() + r * padded);
      }
      row_block(padded, k, rows_a.data(), k, b, ldb, rows_c.data(), padded);
      for (size_t r = 0; r < count; ++r)
        std::copy_n(rows_c.data() + r * padded, n, c + (first + r) * ldc);
    }
  }
}

template void row_gemm<float>(size_t, size_t, size_t, const float*, size_t, const float*, size_t,
                              float*, size_t);
template void row_gemm<double>(size_t, size_t, size_t, const double*, size_t, const double*, size_t,
                               double*, size_t);

}  // namespace cinerec::cpu
