// GPU top-K retrieval over a whole catalogue (kernels/topk.cu): user and movie vectors and the
// excluded sets live on the device; users are processed in chunks and the catalogue streamed in
// movie chunks through a bounded score tile, so memory stays bounded for any catalogue size.
// The exact path scores in fp32 on cuBLAS; the tensor-core path scores in TF32, keeps spare
// candidates and re-ranks them with exact fp32 dot products.
#pragma once

#include <span>

#include "cuda/cublas_handle.h"
#include "cuda/device_buffer.h"
#include "cuda/stream.h"
#include "host/backend/top_k.h"

namespace cinerec::cuda {

struct TopKSearchOptions {
  bool tensor_cores = false;
  size_t user_chunk = 8192, movie_chunk = 16384;
};

class TopKSearch {
 public:
  explicit TopKSearch(const TopKSearchOptions& options = {});
  ~TopKSearch();
  TopKSearch(const TopKSearch&) = delete;
  TopKSearch& operator=(const TopKSearch&) = delete;

  // users [U, dim], movies [M, dim] row-major; excluded: nullptr or one row per user.
  void upload(std::span<const float> users, std::span<const float> movies, size_t dim,
              const UserItems* excluded);
  // The top k per user, as cinerec::top_k returns it.
  TopK search(size_t k);
  // Device time of the last search() (scoring, masking, selection; not the copies back).
  double device_seconds() const { return device_seconds_; }

 private:
  size_t candidates(size_t k) const;
  void reserve(size_t chunk, size_t k);
  void run_user_chunk(size_t first_user, size_t users, size_t k);
  void collect(size_t first_user, size_t users, size_t k, TopK& out);

  TopKSearchOptions options_;
  Stream stream_;
  CublasHandle cublas_;
  size_t dim_ = 0, users_ = 0, movies_ = 0;
  bool has_excluded_ = false;
  DeviceBuffer<float> user_vectors_, movie_vectors_, tile_;
  DeviceBuffer<uint64_t> excluded_offsets_;
  DeviceBuffer<uint32_t> excluded_items_;
  // Per user: the running candidates, then the final top k (both [users, capacity]).
  DeviceBuffer<float> scores_, final_scores_;
  DeviceBuffer<uint32_t> movies_kept_, counts_, final_movies_, final_counts_;
  cudaEvent_t start_ = nullptr, stop_ = nullptr;
  double device_seconds_ = 0.0;
};

}  // namespace cinerec::cuda
