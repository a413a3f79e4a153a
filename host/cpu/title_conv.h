// The title text-CNN (CPU twin of kernels/title_conv.cu): for each window width w, `filters`
// filters of size w x dim slide over the title's token embeddings (VALID), then bias, ReLU and a
// max over positions. The forward pass records the arg-max position so the backward pass only
// scatters into the winning window.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace cinerec::cpu {

template <class T>
struct TitleConv {
  size_t len = 0, dim = 0, filters = 0;
  std::vector<size_t> windows;
  std::vector<const T*> weights;  // per window: [filters, w, dim]
  std::vector<const T*> biases;   // per window: [filters]
  size_t features() const { return windows.size() * filters; }
};

// x: [batch, len, dim]. out: [batch, features] (row stride ld_out), window-major then filter.
// argmax: [batch, features], the winning position, or -1 when the output is 0 (ReLU closed).
// `scratch` is reused between calls.
template <class T>
void title_conv_forward(const TitleConv<T>& conv, size_t batch, const T* x, T* out, size_t ld_out,
                        int32_t* argmax, std::vector<T>& scratch);

// Accumulates into dweights/dbiases (per window) and overwrites dx: [batch, len, dim].
template <class T>
void title_conv_backward(const TitleConv<T>& conv, size_t batch, const T* x, const int32_t* argmax,
                         const T* dout, size_t ld_dout, const std::vector<T*>& dweights,
                         const std::vector<T*>& dbiases, T* dx);

}  // namespace cinerec::cpu
