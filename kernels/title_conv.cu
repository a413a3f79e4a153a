#include "kernels/title_conv.cuh"

#include <algorithm>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>

#include "cuda/cuda_check.h"
#include "host_device/determinism.h"
#include "kernels/launch.cuh"

namespace cinerec::kernels {
namespace {

constexpr unsigned kThreads = 128;

__device__ float token_value(const float* table, const uint32_t* titles, size_t len, size_t dim,
                             size_t b, size_t pos, size_t d) {
  return table[size_t{titles[b * len + pos]} * dim + d];
}

// One block per batch row: the title's rows in shared memory, one thread per feature.
__global__ void forward_kernel(TitleConvParams c, const float* table, const uint32_t* titles,
                               TitleDropout drop, float* out, size_t ld_out, int32_t* argmax) {
  extern __shared__ float x[];  // [len, dim]
  const size_t b = blockIdx.x, features = c.features();
  for (size_t i = threadIdx.x; i < c.len * c.dim; i += blockDim.x) {
    x[i] = token_value(table, titles, c.len, c.dim, b, i / c.dim, i % c.dim);
  }
  __syncthreads();
  for (size_t k = threadIdx.x; k < features; k += blockDim.x) {
    const size_t wi = k / c.filters, f = k % c.filters, span = c.window[wi] * c.dim;
    const float* kernel = c.weight[wi] + f * span;
    float best = 0.0f;
    int32_t best_p = 0;
    for (size_t p = 0; p + c.window[wi] <= c.len; ++p) {
      float s = 0.0f;
      for (size_t i = 0; i < span; ++i)
        s += x[p * c.dim + i] * kernel[i];
      if (p == 0 || s > best) best = s, best_p = static_cast<int32_t>(p);  // first maximum wins
    }
    const float v = best + c.bias[wi][f];
    out[b * ld_out + k] = (v > 0.0f ? v : 0.0f) * drop.scale(b, k, features);
    argmax[b * features + k] = v > 0.0f ? best_p : -1;
  }
}

// d(pre-dropout output) of feature k in row b, or 0 where the ReLU was closed.
__device__ float feature_grad(const TitleConvParams& c, const TitleDropout& drop,
                              const int32_t* argmax, const float* dout, size_t ld_dout, size_t b,
                              size_t k) {
  if (argmax[b * c.features() + k] < 0) return 0.0f;
  return dout[b * ld_dout + k] * drop.scale(b, k, c.features());
}

// The batch is cut into slices of kSlice rows. Pass 1 writes one partial sum per (slice, filter
// element) and per (slice, filter bias), each over its slice's rows in order; pass 2 adds each
// parameter's partials in slice order. Deterministic, with kSlice-long serial loops however
// large the batch.
constexpr size_t kSlice = 64;

__host__ __device__ size_t slices_of(size_t batch) {
  return (batch + kSlice - 1) / kSlice;
}

// Window wi's filter elements (bias = false) or filter biases (bias = true); partials are
// [slice, element].
// One thread per (slice, element).
__global__ void partials_kernel(uint32_t n, TitleConvParams c, size_t wi, bool bias,
                                const float* table, const uint32_t* titles, size_t batch,
                                TitleDropout drop, const int32_t* argmax, const float* dout,
                                size_t ld_dout, float* partials) {
  const size_t span = c.window[wi] * c.dim, elements = bias ? c.filters : c.filters * span;
  const uint32_t t = linear_index();
  if (t >= n) return;
  const size_t slice = t / elements, e = t % elements, f = bias ? e : e / span, i = e % span;
  const size_t k = wi * c.filters + f, end = min((slice + 1) * kSlice, batch);
  float sum = 0.0f;
  for (size_t b = slice * kSlice; b < end; ++b) {
    const float g = feature_grad(c, drop, argmax, dout, ld_dout, b, k);
    if (bias || g == 0.0f) {
      sum += g;
      continue;
    }
    const size_t p = static_cast<size_t>(argmax[b * c.features() + k]);
    sum += g * token_value(table, titles, c.len, c.dim, b, p + i / c.dim, i % c.dim);
  }
  partials[t] = sum;
}

// One thread per parameter element: += its slices' partials ([slice, elements]), in slice order.
__global__ void sum_slices_kernel(uint32_t n, const float* partials, size_t slices, float* to) {
  const uint32_t e = linear_index();
  if (e >= n) return;
  float sum = 0.0f;
  for (size_t s = 0; s < slices; ++s)
    sum += partials[s * size_t{n} + e];
  to[e] += sum;
}

// One thread per (row, position, column): the sum over the features whose winning window
// covers that position.
__global__ void dtokens_kernel(uint32_t n, TitleConvParams c, TitleDropout drop,
                               const int32_t* argmax, const float* dout, size_t ld_dout,
                               float* dtokens) {
  const uint32_t e = linear_index();
  if (e >= n) return;
  const size_t b = e / (c.len * c.dim), pos = (e / c.dim) % c.len, d = e % c.dim;
  float sum = 0.0f;
  for (size_t k = 0; k < c.features(); ++k) {
    const int32_t p = argmax[b * c.features() + k];
    const size_t wi = k / c.filters, f = k % c.filters, w = c.window[wi];
    if (p < 0 || pos < static_cast<size_t>(p) || pos >= static_cast<size_t>(p) + w) continue;
    const float g = feature_grad(c, drop, argmax, dout, ld_dout, b, k);
    sum += g * c.weight[wi][(f * w + (pos - static_cast<size_t>(p))) * c.dim + d];
  }
  dtokens[e] = sum;
}

constexpr size_t kDefaultSharedBytes = 48 * 1024;

// More dynamic shared memory than the default 48 KiB needs the kernel's opt-in, per device. The
// first step of each batch size runs eagerly, so this happens before any graph capture.
void opt_in_shared_memory(size_t bytes, const TitleConvParams& c) {
  if (bytes <= kDefaultSharedBytes) return;
  static std::mutex mutex;
  static std::map<int, size_t> granted;  // per device ordinal
  int device = 0;
  CINEREC_CUDA_CHECK(cudaGetDevice(&device));
  const std::lock_guard lock(mutex);
  if (granted[device] >= bytes) return;
  int most = 0;
  CINEREC_CUDA_CHECK(
      cudaDeviceGetAttribute(&most, cudaDevAttrMaxSharedMemoryPerBlockOptin, device));
  if (bytes > static_cast<size_t>(most)) {
    throw std::invalid_argument(
        "title convolution: a title of " + std::to_string(c.len) + " tokens x " +
        std::to_string(c.dim) + " dims needs " + std::to_string(bytes) +
        " bytes of shared memory per block, cuda:" + std::to_string(device) + " allows " +
        std::to_string(most) + " (lower model.title_len or model.token_dim)");
  }
  CINEREC_CUDA_CHECK(cudaFuncSetAttribute(
      forward_kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, static_cast<int>(bytes)));
  granted[device] = bytes;
}

}  // namespace

void title_conv_forward(const TitleConvParams& conv, const float* token_table,
                        const uint32_t* titles, size_t batch, const TitleDropout& dropout,
                        float* out, size_t ld_out, int32_t* argmax, cudaStream_t stream) {
  if (batch == 0) return;
  const size_t shared = conv.len * conv.dim * sizeof(float);
  opt_in_shared_memory(shared, conv);
  launch(forward_kernel, static_cast<unsigned>(batch), kThreads, shared, stream, conv, token_table,
         titles, dropout, out, ld_out, argmax);
}

size_t title_conv_backward_scratch(const TitleConvParams& conv, size_t batch) {
  size_t elements = 0;
  for (size_t wi = 0; wi < conv.windows; ++wi)
    elements = std::max(elements, conv.filters * conv.window[wi] * conv.dim);
  return slices_of(batch) * elements;
}

void title_conv_backward(const TitleConvParams& conv, const float* token_table,
                         const uint32_t* titles, size_t batch, const TitleDropout& dropout,
                         const int32_t* argmax, const float* dout, size_t ld_dout,
                         float* const* dweight, float* const* dbias, float* dtokens, float* scratch,
                         cudaStream_t stream) {
  if (batch == 0) return;
  const size_t slices = slices_of(batch);
  // Stream order lets every parameter reuse the one scratch buffer.
  for (size_t wi = 0; wi < conv.windows; ++wi) {
    for (const bool bias : {false, true}) {
      const size_t elements = conv.filters * (bias ? 1 : conv.window[wi] * conv.dim);
      launch_linear(partials_kernel, slices * elements, stream, conv, wi, bias, token_table, titles,
                    batch, dropout, argmax, dout, ld_dout, scratch);
      launch_linear(sum_slices_kernel, elements, stream, scratch, slices,
                    bias ? dbias[wi] : dweight[wi]);
    }
  }
  launch_linear(dtokens_kernel, batch * conv.len * conv.dim, stream, conv, dropout, argmax, dout,
                ld_dout, dtokens);
}

}  // namespace cinerec::kernels
