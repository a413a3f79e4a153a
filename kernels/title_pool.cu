#include "kernels/title_pool.cuh"

#include "kernels/launch.cuh"

namespace cinerec::kernels {
namespace {

template <class T>
struct WindowPointers {
  T* at[kMaxTitleWindows];
};

// One thread per (row, feature).
__global__ void pool_forward_kernel(uint32_t n, TitleConvParams c, WindowPointers<const float> conv,
                                    TitleDropout drop, float* out, size_t ld_out, int32_t* argmax) {
  const size_t features = c.features();
  const uint32_t e = linear_index();
  if (e >= n) return;
  const size_t b = e / features, k = e % features, wi = k / c.filters, f = k % c.filters;
  const size_t positions = c.len - c.window[wi] + 1;
  const float* row = conv.at[wi] + (b * c.filters + f) * positions;
  float best = row[0];
  int32_t best_p = 0;
  for (size_t p = 1; p < positions; ++p) {
    if (row[p] > best) best = row[p], best_p = static_cast<int32_t>(p);
  }
  const float v = best + c.bias[wi][f];
  out[b * ld_out + k] = (v > 0.0f ? v : 0.0f) * drop.scale(b, k, features);
  argmax[e] = v > 0.0f ? best_p : -1;
}

// One thread per (row, filter, position) of every window, in window order.
__global__ void pool_backward_kernel(uint32_t n, TitleConvParams c, size_t batch, TitleDropout drop,
                                     const int32_t* argmax, const float* dout, size_t ld_dout,
                                     WindowPointers<float> dconv) {
  const uint32_t e = linear_index();
  if (e >= n) return;
  size_t wi = 0, local = e;
  while (local >= batch * c.filters * (c.len - c.window[wi] + 1)) {
    local -= batch * c.filters * (c.len - c.window[wi] + 1);
    ++wi;
  }
  const size_t positions = c.len - c.window[wi] + 1;
  const size_t p = local % positions, f = (local / positions) % c.filters;
  const size_t b = local / (positions * c.filters), k = wi * c.filters + f;
  const int32_t best = argmax[b * c.features() + k];
  dconv.at[wi][local] = best == static_cast<int32_t>(p)
                            ? dout[b * ld_dout + k] * drop.scale(b, k, c.features())
                            : 0.0f;
}

template <class T>
WindowPointers<T> pointers(const TitleConvParams& c, T* const* p) {
  WindowPointers<T> w{};
  for (size_t i = 0; i < c.windows; ++i)
    w.at[i] = p[i];
  return w;
}

}  // namespace

void title_pool_forward(const TitleConvParams& params, const float* const* conv, size_t batch,
                        const TitleDropout& dropout, float* out, size_t ld_out, int32_t* argmax,
                        cudaStream_t stream) {
  if (batch == 0) return;
  const size_t n = batch * params.features();
  launch_linear(pool_forward_kernel, n, stream, params, pointers(params, conv), dropout, out,
                ld_out, argmax);
}

void title_pool_backward(const TitleConvParams& params, size_t batch, const TitleDropout& dropout,
                         const int32_t* argmax, const float* dout, size_t ld_dout,
                         float* const* dconv, cudaStream_t stream) {
  if (batch == 0) return;
  size_t n = 0;
  for (size_t i = 0; i < params.windows; ++i)
    n += batch * params.filters * (params.len - params.window[i] + 1);
  launch_linear(pool_backward_kernel, n, stream, params, batch, dropout, argmax, dout, ld_dout,
                pointers(params, dconv));
}

}  // namespace cinerec::kernels
