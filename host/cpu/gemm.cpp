#include "host/cpu/gemm.h"

#include <cblas.h>

namespace cinerec::cpu {
namespace {

CBLAS_TRANSPOSE op(bool t) {
  return t ? CblasTrans : CblasNoTrans;
}
blasint dim(size_t v) {
  return static_cast<blasint>(v);
}

}  // namespace

template <>
void gemm<float>(bool ta, bool tb, size_t m, size_t n, size_t k, float alpha, const float* a,
                 size_t lda, const float* b, size_t ldb, float beta, float* c, size_t ldc) {
  if (m == 0 || n == 0) return;
  cblas_sgemm(CblasRowMajor, op(ta), op(tb), dim(m), dim(n), dim(k), alpha, a, dim(lda), b,
              dim(ldb), beta, c, dim(ldc));
}

template <>
void gemm<double>(bool ta, bool tb, size_t m, size_t n, size_t k, double alpha, const double* a,
                  size_t lda, const double* b, size_t ldb, double beta, double* c, size_t ldc) {
  if (m == 0 || n == 0) return;
  cblas_dgemm(CblasRowMajor, op(ta), op(tb), dim(m), dim(n), dim(k), alpha, a, dim(lda), b,
              dim(ldb), beta, c, dim(ldc));
}

void set_blas_threads(int threads) {
  openblas_set_num_threads(threads);
}

}  // namespace cinerec::cpu
