#include "host/cpu/title_conv.h"

#include <algorithm>

#include "host/cpu/row_gemm.h"

namespace cinerec::cpu {
namespace {

template <class T>
void axpy(T alpha, const T* x, T* y, size_t n) {
#pragma omp simd
  for (size_t i = 0; i < n; ++i)
    y[i] += alpha * x[i];
}

// Each output row's arg-max over positions, then bias and ReLU. `responses` is [batch, positions,
// filters].
template <class T>
void pool_window(const TitleConv<T>& c, size_t wi, size_t batch, const T* responses, T* out,
                 size_t ld_out, int32_t* argmax) {
  const size_t F = c.filters, positions = c.len - c.windows[wi] + 1, features = c.features();
  for (size_t b = 0; b < batch; ++b) {
    const T* r = responses + b * positions * F;
    for (size_t f = 0; f < F; ++f) {
      size_t best_p = 0;
      for (size_t p = 1; p < positions; ++p) {
        if (r[p * F + f] > r[best_p * F + f]) best_p = p;  // first maximum wins, as on the GPU
      }
      const T v = r[best_p * F + f] + c.biases[wi][f];
      out[b * ld_out + wi * F + f] = v > T(0) ? v : T(0);
      argmax[b * features + wi * F + f] = v > T(0) ? static_cast<int32_t>(best_p) : -1;
    }
  }
}

}  // namespace

template <class T>
void title_conv_forward(const TitleConv<T>& c, size_t batch, const T* x, T* out, size_t ld_out,
                        int32_t* argmax, std::vector<T>& scratch) {
  // Per window: patches [batch * positions, w * dim] (each a contiguous run of x), one product
  // with the filters [filters, w * dim]^T (row by row: host/cpu/row_gemm.h), then max-pooling.
  // Sized once for the largest window, so the buffer never grows past what it needs.
  size_t largest = 0;
  for (const size_t w : c.windows)
    largest = std::max(largest, batch * (c.len - w + 1) * (w * c.dim + c.filters));
  scratch.resize(largest);
  std::vector<T> transposed;  // one window's filters, [w * dim, filters]
  for (size_t wi = 0; wi < c.windows.size(); ++wi) {
    const size_t span = c.windows[wi] * c.dim, positions = c.len - c.windows[wi] + 1;
    const size_t rows = batch * positions;
    T* patches = scratch.data();
    T* responses = patches + rows * span;
    for (size_t b = 0; b < batch; ++b) {
      for (size_t p = 0; p < positions; ++p) {
        std::copy_n(x + (b * c.len + p) * c.dim, span, patches + (b * positions + p) * span);
      }
    }
    transposed.resize(span * c.filters);
    for (size_t f = 0; f < c.filters; ++f) {
      for (size_t s = 0; s < span; ++s)
        transposed[s * c.filters + f] = c.weights[wi][f * span + s];
    }
    std::fill_n(responses, rows * c.filters, T(0));
    row_gemm<T>(rows, c.filters, span, patches, span, transposed.data(), c.filters, responses,
                c.filters);
    pool_window(c, wi, batch, responses, out, ld_out, argmax);
  }
}

template <class T>
void title_conv_backward(const TitleConv<T>& c, size_t batch, const T* x, const int32_t* argmax,
                         const T* dout, size_t ld_dout, const std::vector<T*>& dweights,
                         const std::vector<T*>& dbiases, T* dx) {
  std::fill_n(dx, batch * c.len * c.dim, T(0));
  const size_t features = c.features();
  for (size_t b = 0; b < batch; ++b) {
    for (size_t wi = 0; wi < c.windows.size(); ++wi) {
      const size_t span = c.windows[wi] * c.dim;
      for (size_t f = 0; f < c.filters; ++f) {
        const size_t k = wi * c.filters + f;
        const int32_t p = argmax[b * features + k];
        if (p < 0) continue;
        const T g = dout[b * ld_dout + k];
        const size_t at = b * c.len * c.dim + static_cast<size_t>(p) * c.dim;
        axpy(g, x + at, dweights[wi] + f * span, span);
        axpy(g, c.weights[wi] + f * span, dx + at, span);
        dbiases[wi][f] += g;
      }
    }
  }
}

template void title_conv_forward<float>(const TitleConv<float>&, size_t, const float*, float*,
                                        size_t, int32_t*, std::vector<float>&);
template void title_conv_forward<double>(const TitleConv<double>&, size_t, const double*, double*,
                                         size_t, int32_t*, std::vector<double>&);
template void title_conv_backward<float>(const TitleConv<float>&, size_t, const float*,
                                         const int32_t*, const float*, size_t,
                                         const std::vector<float*>&, const std::vector<float*>&,
                                         float*);
template void title_conv_backward<double>(const TitleConv<double>&, size_t, const double*,
                                          const int32_t*, const double*, size_t,
                                          const std::vector<double*>&, const std::vector<double*>&,
                                          double*);

}  // namespace cinerec::cpu
