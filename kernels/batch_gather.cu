#include "kernels/batch_gather.cuh"

#include "kernels/launch.cuh"

namespace cinerec::kernels {
namespace {

__global__ void gather_kernel(uint32_t n, DeviceDatasetView d, const uint32_t* order,
                              const uint64_t* begin, DeviceBatch b) {
  const uint32_t i = linear_index();
  if (i >= n) return;
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

}  // namespace

void gather_batch(const DeviceDatasetView& data, const uint32_t* order, const uint64_t* begin,
                  size_t n, const DeviceBatch& out, cudaStream_t stream) {
  launch_linear(gather_kernel, n, stream, data, order, begin, out);
}

}  // namespace cinerec::kernels
