#include "kernels/title_pool.cuh"

#include "cuda/cuda_check.h"
#include "kernels/launch.cuh"

namespace cinerec::kernels {
namespace {

constexpr unsigned kThreads = 256;

template <class T>
struct WindowPointers {
  T* at[kMaxTitleWindows];
};

__global__ void pool_forward_kernel(TitleConvParams c, WindowPointers<const float> conv,
                                    size_t batch, TitleDropout drop, float* out, size_t ld_out,
                                    int32_t* argmax) {
  const size_t features = c.features();
  for (size_t e = blockIdx.x * size_t{blockDim.x} + threadIdx.x; e < batch * features;
       e += size_t{gridDim.x} * blockDim.x) {
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
}

// One thread per (row, filter, position) of every window, in window order.
__global__ void pool_backward_kernel(TitleConvParams c, size_t batch, TitleDropout drop,
                                     const int32_t* argmax, const float* dout, size_t ld_dout,
                                     WindowPointers<float> dconv, size_t window_elements) {
  for (size_t e = blockIdx.x * size_t{blockDim.x} + threadIdx.x; e < window_elements;
       e += size_t{gridDim.x} * blockDim.x) {
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
  pool_forward_kernel<<<grid_for(n, kThreads), kThreads, 0, stream>>>(
      params, pointers(params, conv), batch, dropout, out, ld_out, argmax);
  CINEREC_CUDA_CHECK(cudaGetLastError());
}

void title_pool_backward(const TitleConvParams& params, size_t batch, const TitleDropout& dropout,
                         const int32_t* argmax, const float* dout, size_t ld_dout,
                         float* const* dconv, cudaStream_t stream) {
  if (batch == 0) return;
  size_t n = 0;
  for (size_t i = 0; i < params.windows; ++i)
    n += batch * params.filters * (params.len - params.window[i] + 1);
  pool_backward_kernel<<<grid_for(n, kThreads), kThreads, 0, stream>>>(
      params, batch, dropout, argmax, dout, ld_dout, pointers(params, dconv), n);
  CINEREC_CUDA_CHECK(cudaGetLastError());
}

}  // namespace cinerec::kernels
