#include "cuda/device_dataset.h"

#include <algorithm>

#include "kernels/row_list.cuh"

namespace cinerec::cuda {
namespace {

template <class T>
std::vector<T> to_vector(std::span<const T> s) {
  return {s.begin(), s.end()};
}

}  // namespace

std::vector<uint32_t> padded_genres(std::span<const uint32_t> offsets,
                                    std::span<const uint32_t> genres, size_t& width) {
  const size_t rows = offsets.empty() ? 0 : offsets.size() - 1;
  width = std::max<size_t>(width, 1);
  for (size_t i = 0; i < rows; ++i)
    width = std::max<size_t>(width, offsets[i + 1] - offsets[i]);
  std::vector<uint32_t> padded(rows * width, kernels::kPadRow);
  for (size_t i = 0; i < rows; ++i)
    std::copy(genres.begin() + offsets[i], genres.begin() + offsets[i + 1],
              padded.begin() + i * width);
  return padded;
}

DeviceDataset::DeviceDataset(const Dataset& d)
    : rating_user_(to_vector(d.rating_user())),
      rating_movie_(to_vector(d.rating_movie())),
      user_gender_(to_vector(d.user_gender())),
      user_age_(to_vector(d.user_age())),
      user_job_(to_vector(d.user_job())),
      rating_value_(to_vector(d.rating_value())) {
  size_t width = 0;
  movie_genres_ =
      DeviceBuffer<uint32_t>(padded_genres(d.movie_genre_offsets(), d.movie_genre_list(), width));
  const auto titles = d.title_tokens();
  movie_titles_ = DeviceBuffer<uint32_t>(std::vector<uint32_t>(titles.begin(), titles.end()));
  view_ = {rating_user_.data(),  rating_movie_.data(), rating_value_.data(),
           user_gender_.data(),  user_age_.data(),     user_job_.data(),
           movie_genres_.data(), movie_titles_.data(), width,
           d.title_len()};
}

}  // namespace cinerec::cuda
