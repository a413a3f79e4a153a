#include "cuda/device_batch.h"

#include <algorithm>
#include <stdexcept>

#include "cuda/device_dataset.h"

namespace cinerec::cuda {
namespace {

std::vector<uint32_t> multiples(size_t count, size_t step) {
  std::vector<uint32_t> v(count);
  for (size_t i = 0; i < count; ++i)
    v[i] = static_cast<uint32_t>(i * step);
  return v;
}

template <class T>
void copy_in(DeviceBuffer<T>& to, const std::vector<T>& from, cudaStream_t stream) {
  copy_to_device(to.data(), from.data(), from.size(), stream);
}

}  // namespace

bool DeviceBatchBuffers::reserve(size_t rows, size_t genre_width, size_t title_len) {
  if (rows <= rows_ && genre_width == genre_width_ && title_len <= title_len_) return false;
  rows_ = std::max(rows, rows_), genre_width_ = genre_width,
  title_len_ = std::max(title_len, title_len_);
  for (auto* ids : {&user_, &gender_, &age_, &job_, &movie_})
    *ids = DeviceBuffer<uint32_t>(rows_);
  genres_ = DeviceBuffer<uint32_t>(rows_ * genre_width_);
  titles_ = DeviceBuffer<uint32_t>(rows_ * title_len_);
  rating_ = DeviceBuffer<float>(rows_);
  genre_offsets_ = DeviceBuffer<uint32_t>(multiples(rows_ + 1, genre_width_));
  view_ = {user_.data(),  gender_.data(), age_.data(),    job_.data(),
           movie_.data(), genres_.data(), titles_.data(), rating_.data()};
  return true;
}

void DeviceBatchBuffers::upload(const Batch& b, cudaStream_t stream) {
  size_t width = genre_width_;  // grows only if this batch has a longer list
  const std::vector<uint32_t> genres = padded_genres(b.genre_offsets, b.genres, width);
  reserve(b.size(), width, b.size() == 0 ? 0 : b.title.size() / b.size());
  copy_in(user_, b.user, stream), copy_in(gender_, b.gender, stream);
  copy_in(age_, b.age, stream), copy_in(job_, b.job, stream), copy_in(movie_, b.movie, stream);
  copy_in(titles_, b.title, stream), copy_in(rating_, b.rating, stream);
  copy_in(genres_, genres, stream);
  CINEREC_CUDA_CHECK(cudaStreamSynchronize(stream));  // the host vectors go out of scope
}

const uint32_t* DeviceBatchBuffers::ids(BatchField field) const {
  switch (field) {
    case BatchField::kUser:
      return view_.user;
    case BatchField::kGender:
      return view_.gender;
    case BatchField::kAge:
      return view_.age;
    case BatchField::kJob:
      return view_.job;
    case BatchField::kMovie:
      return view_.movie;
    case BatchField::kGenres:
      return view_.genres;
    case BatchField::kTitle:
      return view_.titles;
  }
  throw std::logic_error("DeviceBatchBuffers::ids: no such field");
}

}  // namespace cinerec::cuda
