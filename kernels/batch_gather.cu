#include "kernels/batch_gather.cuh"

#include "cuda/cuda_check.h"
#include "kernels/launch.cuh"

namespace cinerec::kernels {
namespace {

constexpr unsigned kThreads = 256;

__global__ void gather_kernel(DeviceDatasetView d, const uint32_t* order, const uint64_t* begin,
                              size_t n, DeviceBatch b) {
  for (size_t i = blockIdx.x * size_t{blockDim.x} + threadIdx.x; i < n;
       i += size_t{gridDim.x} * blockDim.x) {
    const uint32_t r = order[*begin + i], user = d.rating_user[r], movie = d.rating_movie[r];
    b.user[i] = user;
    b.gender[i] = d.user_gender[user];
    b.age[i] = d.user_age[user];
    b.job[i] = d.user_job[user];
    b.movie[i] = movie;
    b.rating[i] = d.rating_value[r];
    for (size_t k = 0; k < d.genre_width; ++k)
      b.genres[i * d.genre_width + k] = d.movie_genres[size_t{movie} * d.genre_width + k];
    for (size_t k = 0; k < d.title_len; ++k)
      b.titles[i * d.title_len + k] = d.movie_titles[size_t{movie} * d.title_len + k];
  }
}

}  // namespace

void gather_batch(const DeviceDatasetView& data, const uint32_t* order, const uint64_t* begin,
                  size_t n, const DeviceBatch& out, cudaStream_t stream) {
  if (n == 0) return;
  gather_kernel<<<grid_for(n, kThreads), kThreads, 0, stream>>>(data, order, begin, n, out);
  CINEREC_CUDA_CHECK(cudaGetLastError());
}

}  // namespace cinerec::kernels
