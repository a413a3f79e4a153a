#include "cuda/topk_search.h"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>

#include "kernels/topk.cuh"

namespace cinerec::cuda {
TopKSearch::TopKSearch(const TopKSearchOptions& options)
    : options_(options), cublas_(stream_.get()) {
  if (options_.user_chunk == 0 || options_.movie_chunk == 0) {
    throw std::invalid_argument("top-k: chunk sizes must be positive");
  }
  CINEREC_CUDA_CHECK(cudaEventCreate(&start_));
  CINEREC_CUDA_CHECK(cudaEventCreate(&stop_));
}

TopKSearch::~TopKSearch() {
  cudaEventDestroy(start_);
  cudaEventDestroy(stop_);
}

void TopKSearch::upload(std::span<const float> users, std::span<const float> movies, size_t dim,
                        const UserItems* excluded) {
  if (dim == 0 || users.size() % dim != 0 || movies.size() % dim != 0) {
    throw std::invalid_argument("top-k: user and movie matrices must have rows of " +
                                std::to_string(dim) + " values");
  }
  const size_t num_users = users.size() / dim, num_movies = movies.size() / dim;
  if (num_movies > std::numeric_limits<uint32_t>::max()) {
    throw std::invalid_argument("top-k: more than 2^32 - 1 movies");
  }
  if (excluded != nullptr && excluded->rows() != num_users) {
    throw std::invalid_argument("top-k: the excluded sets have " +
                                std::to_string(excluded->rows()) + " rows for " +
                                std::to_string(num_users) + " users");
  }
  // Everything is allocated before any member changes, so a failed upload (out of memory) leaves
  // the previous one whole.
  DeviceBuffer<float> user_vectors(std::vector<float>(users.begin(), users.end()));
  DeviceBuffer<float> movie_vectors(std::vector<float>(movies.begin(), movies.end()));
  DeviceBuffer<uint64_t> offsets(excluded ? excluded->offsets : std::vector<uint64_t>{});
  DeviceBuffer<uint32_t> items(excluded ? excluded->items : std::vector<uint32_t>{});
  DeviceBuffer<float> tile(std::min(options_.user_chunk, std::max<size_t>(num_users, 1)) *
                           std::min(options_.movie_chunk, std::max<size_t>(num_movies, 1)));
  user_vectors_ = std::move(user_vectors);
  movie_vectors_ = std::move(movie_vectors);
  excluded_offsets_ = std::move(offsets);
  excluded_items_ = std::move(items);
  tile_ = std::move(tile);
  dim_ = dim, users_ = num_users, movies_ = num_movies;
  has_excluded_ = excluded != nullptr;
}

static_assert(2 * kMaxTopK <= kernels::kMaxCandidates,
              "the tensor-core pass keeps up to 2k candidates per user");

// Spare candidates for the TF32 pass, so the exact re-rank can restore the fp32 order.
size_t TopKSearch::candidates(size_t k) const {
  if (!options_.tensor_cores) return k;
  return std::min(kernels::kMaxCandidates, std::max(2 * k, k + 128));
}

void TopKSearch::run_user_chunk(size_t first_user, size_t users, size_t k) {
  const cudaStream_t s = stream_.get();
  const size_t capacity = candidates(k);
  const kernels::TopKState state{scores_.data(), movies_kept_.data(), counts_.data(), capacity};
  CINEREC_CUDA_CHECK(cudaMemsetAsync(counts_.data(), 0, users * sizeof(uint32_t), s));
  const float one = 1.0f, zero = 0.0f;
  const cublasComputeType_t compute =
      options_.tensor_cores ? CUBLAS_COMPUTE_32F_FAST_TF32 : CUBLAS_COMPUTE_32F;
  for (size_t first_movie = 0; first_movie < movies_; first_movie += options_.movie_chunk) {
    const size_t movies = std::min(options_.movie_chunk, movies_ - first_movie);
    // tile [users, movies] row-major = movies_chunk [movies, dim] x users^T, column-major.
    CINEREC_CUBLAS_CHECK(cublasGemmEx(
        cublas_.get(), CUBLAS_OP_T, CUBLAS_OP_N, static_cast<int>(movies), static_cast<int>(users),
        static_cast<int>(dim_), &one, movie_vectors_.data() + first_movie * dim_, CUDA_R_32F,
        static_cast<int>(dim_), user_vectors_.data() + first_user * dim_, CUDA_R_32F,
        static_cast<int>(dim_), &zero, tile_.data(), CUDA_R_32F, static_cast<int>(movies), compute,
        CUBLAS_GEMM_DEFAULT));
    if (has_excluded_) {
      kernels::mask_excluded(tile_.data(), movies, users, first_user,
                             static_cast<uint32_t>(first_movie), movies, excluded_offsets_.data(),
                             excluded_items_.data(), s);
    }
    kernels::merge_topk(tile_.data(), movies, users, static_cast<uint32_t>(first_movie), movies,
                        state, s);
  }
  if (options_.tensor_cores) {
    const kernels::TopKState out{final_scores_.data(), final_movies_.data(), final_counts_.data(),
                                 k};
    kernels::rerank_topk(user_vectors_.data(), movie_vectors_.data(), dim_, first_user, users,
                         state, out, s);
  }
}

void TopKSearch::reserve(size_t chunk, size_t k) {
  const size_t capacity = candidates(k);
  const size_t reranked = options_.tensor_cores ? chunk * k : 0;  // the exact path keeps k
  if (scores_.size() >= chunk * capacity && final_scores_.size() >= reranked &&
      counts_.size() >= chunk) {
    return;
  }
  scores_ = DeviceBuffer<float>(chunk * capacity);
  movies_kept_ = DeviceBuffer<uint32_t>(chunk * capacity);
  counts_ = DeviceBuffer<uint32_t>(chunk);
  final_scores_ = DeviceBuffer<float>(reranked);
  final_movies_ = DeviceBuffer<uint32_t>(reranked);
  final_counts_ = DeviceBuffer<uint32_t>(options_.tensor_cores ? chunk : 0);
}

// Copies a user chunk's lists ([users, capacity] exact, [users, k] re-ranked) into k-wide rows.
void TopKSearch::collect(size_t first_user, size_t users, size_t k, TopK& out) {
  const bool reranked = options_.tensor_cores;
  const size_t width = reranked ? k : candidates(k);
  std::vector<float> scores(users * width);
  std::vector<uint32_t> movies(users * width), counts(users);
  const cudaStream_t s = stream_.get();
  copy_to_host(scores.data(), (reranked ? final_scores_ : scores_).data(), users * width, s);
  copy_to_host(movies.data(), (reranked ? final_movies_ : movies_kept_).data(), users * width, s);
  copy_to_host(counts.data(), (reranked ? final_counts_ : counts_).data(), users, s);
  stream_.synchronize();
  for (size_t i = 0; i < users; ++i) {
    const size_t u = first_user + i, n = std::min<size_t>(counts[i], k);
    out.counts[u] = static_cast<uint32_t>(n);
    std::copy_n(scores.begin() + i * width, n, out.scores.begin() + u * k);
    std::copy_n(movies.begin() + i * width, n, out.movies.begin() + u * k);
  }
}

TopK TopKSearch::search(size_t k) {
  if (k == 0 || k > kMaxTopK) {
    throw std::invalid_argument("top-k: k must be between 1 and " + std::to_string(kMaxTopK));
  }
  const size_t chunk = std::min(options_.user_chunk, std::max<size_t>(users_, 1));
  reserve(chunk, k);
  TopK out{k, std::vector<uint32_t>(users_ * k, kNoMovie),
           std::vector<float>(users_ * k, -std::numeric_limits<float>::infinity()),
           std::vector<uint32_t>(users_, 0)};
  device_seconds_ = 0.0;
  for (size_t first = 0; first < users_; first += chunk) {
    const size_t users = std::min(chunk, users_ - first);
    CINEREC_CUDA_CHECK(cudaEventRecord(start_, stream_.get()));
    run_user_chunk(first, users, k);
    CINEREC_CUDA_CHECK(cudaEventRecord(stop_, stream_.get()));
    collect(first, users, k, out);
    float ms = 0.0f;
    CINEREC_CUDA_CHECK(cudaEventElapsedTime(&ms, start_, stop_));
    device_seconds_ += ms * 1e-3;
  }
  return out;
}

}  // namespace cinerec::cuda
