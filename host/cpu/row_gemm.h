// The forward pass's matrix product, one row at a time: C[i, :] += A[i, :] B for each row i on
// its own, each element summing its k products in order. BLAS kernels change with the call's
// shape (OpenBLAS's Haswell kernels with the row count and a row's place among the rows, its
// SkylakeX ones for small products), so a row's result from BLAS depends on the rows it shares a
// call with; from here it has the same bits whichever rows share its batch. That is what makes a
// prediction, a tower feature and so `eval`, `score` and `export` the same on any number of
// ranks, for any batch and on every CPU.
#pragma once

#include <cstddef>

namespace cinerec::cpu {

// A [m, k] (row stride lda), B [k, n] (ldb), C [m, n] (ldc), row-major; rows in parallel.
template <class T>
void row_gemm(size_t m, size_t n, size_t k, const T* a, size_t lda, const T* b, size_t ldb, T* c,
              size_t ldc);

}  // namespace cinerec::cpu
