// Top-K retrieval on the GPU (CUDA twin of host/retrieval/topk.cpp). The host streams the catalogue
// in chunks: a GEMM scores a users x movies tile, mask_excluded() marks the users' rated movies
// NaN, and merge_topk() folds each user's row into that user's running top-K, so the full score
// matrix never exists. Candidates are ordered by score, then the smaller movie index.
#pragma once

#include <cuda_runtime_api.h>

#include <cstddef>
#include <cstdint>

namespace cinerec::kernels {

// The most candidates a user keeps between chunks (K, or more when the tensor-core pass keeps
// spares for the exact re-rank).
inline constexpr size_t kMaxCandidates = 2048;

// A user chunk's running top lists: [users, capacity] scores and movies, best first, count each.
struct TopKState {
  float* scores;
  uint32_t* movies;
  uint32_t* counts;
  size_t capacity;
};

// NaN into tile[i, j] (row stride ld) for each movie first_movie + j that user first_user + i has
// in its excluded CSR row (offsets [users + 1], rows sorted).
void mask_excluded(float* tile, size_t ld, size_t users, size_t first_user, uint32_t first_movie,
                   size_t movies, const uint64_t* offsets, const uint32_t* items,
                   cudaStream_t stream);

// Folds tile rows [users, movies] (movie indices first_movie + j) into `state`.
void merge_topk(const float* tile, size_t ld, size_t users, uint32_t first_movie, size_t movies,
                const TopKState& state, cudaStream_t stream);

// Exact fp32 re-rank: rescoring state's candidates of users [first_user, first_user + users) as
// user_vectors[u] . movie_vectors[m] ([*, dim] row-major), keeping the best k into `out`.
void rerank_topk(const float* user_vectors, const float* movie_vectors, size_t dim,
                 size_t first_user, size_t users, const TopKState& state, const TopKState& out,
                 cudaStream_t stream);

}  // namespace cinerec::kernels
