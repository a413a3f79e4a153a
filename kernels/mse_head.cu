#include "kernels/mse_head.cuh"

#include "kernels/launch.cuh"

namespace cinerec::kernels {
namespace {

constexpr unsigned kWarpsPerBlock = 8, kWarp = 32;

// The row's prediction, on every lane of the warp (a fixed-order butterfly reduction).
__device__ float predict_row(const HeadParams& h, size_t i, const float* u, const float* m,
                             const uint32_t* users, const uint32_t* movies) {
  const size_t F = h.features;
  const bool fc = h.head == Head::kFc;
  float p = 0.0f;
  for (size_t k = threadIdx.x % kWarp; k < F; k += kWarp) {
    const float uk = u[i * F + k], mk = m[i * F + k];
    p += fc ? uk * h.weight[k] + mk * h.weight[F + k] : uk * mk;
  }
  for (unsigned offset = kWarp / 2; offset > 0; offset /= 2)
    p += __shfl_xor_sync(0xFFFFFFFFu, p, offset);
  if (fc) p += *h.bias;
  if (h.global_bias != nullptr)
    p += h.user_bias[users[i]] + h.movie_bias[movies[i]] + *h.global_bias;
  return p;
}

size_t blocks_for(size_t n) {
  return (n + kWarpsPerBlock - 1) / kWarpsPerBlock;
}

__global__ void head_forward_kernel(HeadParams h, size_t n, const float* u, const float* m,
                                    const uint32_t* users, const uint32_t* movies, float* pred) {
  const size_t i = blockIdx.x * size_t{kWarpsPerBlock} + threadIdx.x / kWarp;
  if (i >= n) return;
  const float p = predict_row(h, i, u, m, users, movies);
  if (threadIdx.x % kWarp == 0) pred[i] = p;
}

__global__ void mse_head_backward_kernel(HeadParams h, size_t n, const float* u, const float* m,
                                         const uint32_t* users, const uint32_t* movies,
                                         const float* rating, const uint64_t* mean_over,
                                         float* pred, float* d_pred, float* du, float* dm,
                                         float* sq_err) {
  const size_t i = blockIdx.x * size_t{kWarpsPerBlock} + threadIdx.x / kWarp;
  if (i >= n) return;
  const float p = predict_row(h, i, u, m, users, movies);
  const float e = p - rating[i];
  const float g = 2.0f * e / static_cast<float>(*mean_over);
  if (threadIdx.x % kWarp == 0) pred[i] = p, d_pred[i] = g, sq_err[i] = e * e;
  const size_t F = h.features;
  const bool fc = h.head == Head::kFc;
  for (size_t k = threadIdx.x % kWarp; k < F; k += kWarp) {
    const float uk = u[i * F + k], mk = m[i * F + k];
    du[i * F + k] = g * (fc ? h.weight[k] : mk) * (1.0f - uk * uk);
    dm[i * F + k] = g * (fc ? h.weight[F + k] : uk) * (1.0f - mk * mk);
  }
}

constexpr unsigned kSumThreads = 1024;

__global__ void accumulate_sum_kernel(const float* values, size_t n, double* total) {
  __shared__ double partial[kSumThreads];
  double s = 0.0;
  for (size_t i = threadIdx.x; i < n; i += kSumThreads)
    s += values[i];
  partial[threadIdx.x] = s;
  __syncthreads();
  for (unsigned half = kSumThreads / 2; half > 0; half /= 2) {
    if (threadIdx.x < half) partial[threadIdx.x] += partial[threadIdx.x + half];
    __syncthreads();
  }
  if (threadIdx.x == 0) *total += partial[0];
}

}  // namespace

void head_forward(const HeadParams& head, size_t n, const float* u, const float* m,
                  const uint32_t* users, const uint32_t* movies, float* pred, cudaStream_t stream) {
  if (n == 0) return;
  launch(head_forward_kernel, static_cast<unsigned>(blocks_for(n)), kWarpsPerBlock * kWarp, 0,
         stream, head, n, u, m, users, movies, pred);
}

void mse_head_backward(const HeadParams& head, size_t n, const float* u, const float* m,
                       const uint32_t* users, const uint32_t* movies, const float* rating,
                       const uint64_t* mean_over, float* pred, float* d_pred, float* du, float* dm,
                       float* sq_err, cudaStream_t stream) {
  if (n == 0) return;
  launch(mse_head_backward_kernel, static_cast<unsigned>(blocks_for(n)), kWarpsPerBlock * kWarp, 0,
         stream, head, n, u, m, users, movies, rating, mean_over, pred, d_pred, du, dm, sq_err);
}

void accumulate_sum(const float* values, size_t n, double* total, cudaStream_t stream) {
  if (n == 0) return;
  launch(accumulate_sum_kernel, 1, kSumThreads, 0, stream, values, n, total);
}

}  // namespace cinerec::kernels
