#include "host/cpu/dense.h"

#include <algorithm>
#include <cmath>

#include "host/cpu/fast_tanh.h"
#include "host/cpu/gemm.h"
#include "host/cpu/row_gemm.h"

namespace cinerec::cpu {

namespace {

// float trains with the vectorisable tanh; double (gradient checks) keeps libm's.
float activate_tanh(float x) {
  return fast_tanh(x);
}
double activate_tanh(double x) {
  return std::tanh(x);
}

}  // namespace

template <class T>
void dense_forward(const Dense<T>& l, size_t batch, const T* x, size_t ldx, T* y, size_t ldy) {
  for (size_t i = 0; i < batch; ++i)
    std::copy_n(l.bias, l.out, y + i * ldy);
  row_gemm<T>(batch, l.out, l.in, x, ldx, l.weight, l.out, y, ldy);
  if (l.act == Activation::kNone) return;
  for (size_t i = 0; i < batch; ++i) {
    T* row = y + i * ldy;
    if (l.act == Activation::kRelu) {
      for (size_t j = 0; j < l.out; ++j)
        row[j] = std::max(row[j], T(0));
    } else if (l.act == Activation::kSigmoid) {
      for (size_t j = 0; j < l.out; ++j)
        row[j] = T(1) / (T(1) + std::exp(-row[j]));
    } else {
#pragma omp simd
      for (size_t j = 0; j < l.out; ++j)
        row[j] = activate_tanh(row[j]);
    }
  }
}

template <class T>
void dense_backward(const Dense<T>& l, size_t batch, const T* x, size_t ldx, const T* y, size_t ldy,
                    T* dy, size_t lddy, T* dweight, T* dbias, T* dx, size_t lddx) {
  for (size_t i = 0; i < batch; ++i) {
    T* g = dy + i * lddy;
    const T* out = y + i * ldy;
    for (size_t j = 0; j < l.out; ++j) {
      if (l.act == Activation::kRelu) g[j] = out[j] > T(0) ? g[j] : T(0);
      if (l.act == Activation::kTanh) g[j] *= T(1) - out[j] * out[j];
      if (l.act == Activation::kSigmoid) g[j] *= out[j] * (T(1) - out[j]);
      dbias[j] += g[j];
    }
  }
  gemm<T>(true, false, l.in, l.out, batch, T(1), x, ldx, dy, lddy, T(1), dweight, l.out);
  if (dx != nullptr) {
    gemm<T>(false, true, batch, l.in, l.out, T(1), dy, lddy, l.weight, l.out, T(0), dx, lddx);
  }
}

template void dense_forward<float>(const Dense<float>&, size_t, const float*, size_t, float*,
                                   size_t);
template void dense_forward<double>(const Dense<double>&, size_t, const double*, size_t, double*,
                                    size_t);
template void dense_backward<float>(const Dense<float>&, size_t, const float*, size_t, const float*,
                                    size_t, float*, size_t, float*, float*, float*, size_t);
template void dense_backward<double>(const Dense<double>&, size_t, const double*, size_t,
                                     const double*, size_t, double*, size_t, double*, double*,
                                     double*, size_t);

}  // namespace cinerec::cpu
