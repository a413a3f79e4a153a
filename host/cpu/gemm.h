// Row-major GEMM on BLAS (OpenBLAS): C = alpha * op(A) * op(B) + beta * C, for float (training)
// and double (gradient checks).
#pragma once

#include <cstddef>

namespace cinerec::cpu {

template <class T>
void gemm(bool trans_a, bool trans_b, size_t m, size_t n, size_t k, T alpha, const T* a, size_t lda,
          const T* b, size_t ldb, T beta, T* c, size_t ldc);

// Limits BLAS to `threads` threads.
void set_blas_threads(int threads);

}  // namespace cinerec::cpu
