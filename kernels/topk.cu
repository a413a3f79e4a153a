#include "kernels/topk.cuh"

#include <cmath>

#include "cuda/cuda_check.h"
#include "kernels/launch.cuh"

namespace cinerec::kernels {
namespace {

constexpr unsigned kThreads = 256;
constexpr unsigned kBuffer = 2 * kMaxCandidates;  // shared candidates: the kept ones + new ones

struct Candidate {
  float score;
  uint32_t movie;
};

__device__ bool better(const Candidate& a, const Candidate& b) {
  return a.score > b.score || (a.score == b.score && a.movie < b.movie);
}

// Sorts c[0..n) best first (bitonic over the next power of two, padded with the worst
// candidate), with the whole block.
__device__ void sort_candidates(Candidate* c, unsigned n) {
  unsigned size = 1;
  while (size < n)
    size *= 2;
  for (unsigned i = n + threadIdx.x; i < size; i += blockDim.x)
    c[i] = {-INFINITY, 0xFFFFFFFFu};
  __syncthreads();
  for (unsigned k = 2; k <= size; k *= 2) {
    for (unsigned j = k / 2; j > 0; j /= 2) {
      for (unsigned i = threadIdx.x; i < size; i += blockDim.x) {
        const unsigned partner = i ^ j;
        if (partner <= i) continue;
        const bool ascending_block = (i & k) == 0;  // "ascending" = best first here
        if (better(c[partner], c[i]) == ascending_block) {
          const Candidate t = c[i];
          c[i] = c[partner], c[partner] = t;
        }
      }
      __syncthreads();
    }
  }
}

// One thread per user of the tile.
__global__ void mask_kernel(uint32_t n, float* tile, size_t ld, size_t first_user,
                            uint32_t first_movie, size_t movies, const uint64_t* offsets,
                            const uint32_t* items) {
  const uint32_t i = linear_index();
  if (i >= n) return;
  size_t lo = offsets[first_user + i], hi = offsets[first_user + i + 1];
  while (lo < hi) {  // the first excluded movie >= first_movie
    const size_t mid = (lo + hi) / 2;
    if (items[mid] < first_movie)
      lo = mid + 1;
    else
      hi = mid;
  }
  const size_t end = offsets[first_user + i + 1];
  for (; lo < end && items[lo] < first_movie + movies; ++lo)
    tile[i * ld + (items[lo] - first_movie)] = __int_as_float(0x7FC00000);  // NaN
}

// One block per user: the kept candidates and the row's new ones share a buffer; whenever it
// reaches the capacity (and at the end) it is sorted and cut back to the capacity, so a pass
// starts either below capacity (admit everything) or sorted (admit from the K-th score up). Scores
// below the current K-th are skipped without touching shared memory; NaN never compares true.
__global__ void merge_kernel(const float* tile, size_t ld, uint32_t first_movie, size_t movies,
                             TopKState s) {
  __shared__ Candidate buffer[kBuffer];
  __shared__ unsigned count;
  const size_t u = blockIdx.x;
  const unsigned kept = s.counts[u];
  for (unsigned i = threadIdx.x; i < kept; i += blockDim.x)
    buffer[i] = {s.scores[u * s.capacity + i], s.movies[u * s.capacity + i]};
  if (threadIdx.x == 0) count = kept;
  __syncthreads();
  const size_t room = kBuffer - s.capacity;  // new candidates one pass can add
  for (size_t begin = 0; begin < movies; begin += room) {
    const float threshold = count >= s.capacity ? buffer[s.capacity - 1].score : -INFINITY;
    __syncthreads();
    const size_t end = begin + room < movies ? begin + room : movies;
    for (size_t j = begin + threadIdx.x; j < end; j += blockDim.x) {
      const float score = tile[u * ld + j];
      if (score >= threshold) buffer[atomicAdd(&count, 1u)] = {score, first_movie + uint32_t(j)};
    }
    __syncthreads();
    if (count >= s.capacity || end == movies) {
      sort_candidates(buffer, count);
      __syncthreads();
      if (threadIdx.x == 0 && count > s.capacity) count = static_cast<unsigned>(s.capacity);
      __syncthreads();
    }
  }
  for (unsigned i = threadIdx.x; i < count; i += blockDim.x) {
    s.scores[u * s.capacity + i] = buffer[i].score;
    s.movies[u * s.capacity + i] = buffer[i].movie;
  }
  if (threadIdx.x == 0) s.counts[u] = count;
}

// One block per user: exact dot products for its candidates, sorted, the best out.capacity kept.
__global__ void rerank_kernel(const float* users, const float* movies, size_t dim,
                              size_t first_user, TopKState in, TopKState out) {
  __shared__ Candidate buffer[kBuffer];
  const size_t u = blockIdx.x;
  const unsigned n = in.counts[u];
  const float* user = users + (first_user + u) * dim;
  for (unsigned i = threadIdx.x; i < n; i += blockDim.x) {
    const uint32_t m = in.movies[u * in.capacity + i];
    const float* movie = movies + size_t{m} * dim;
    float score = 0.0f;
    for (size_t d = 0; d < dim; ++d)
      score = fmaf(user[d], movie[d], score);
    buffer[i] = {score, m};
  }
  __syncthreads();
  sort_candidates(buffer, n);
  const unsigned keep = n < out.capacity ? n : static_cast<unsigned>(out.capacity);
  for (unsigned i = threadIdx.x; i < keep; i += blockDim.x) {
    out.scores[u * out.capacity + i] = buffer[i].score;
    out.movies[u * out.capacity + i] = buffer[i].movie;
  }
  if (threadIdx.x == 0) out.counts[u] = keep;
}

}  // namespace

void mask_excluded(float* tile, size_t ld, size_t users, size_t first_user, uint32_t first_movie,
                   size_t movies, const uint64_t* offsets, const uint32_t* items,
                   cudaStream_t stream) {
  if (users == 0 || movies == 0) return;
  launch_linear(mask_kernel, users, stream, tile, ld, first_user, first_movie, movies, offsets,
                items);
}

void merge_topk(const float* tile, size_t ld, size_t users, uint32_t first_movie, size_t movies,
                const TopKState& state, cudaStream_t stream) {
  if (users == 0 || movies == 0) return;
  launch(merge_kernel, static_cast<unsigned>(users), kThreads, 0, stream, tile, ld, first_movie,
         movies, state);
}

void rerank_topk(const float* user_vectors, const float* movie_vectors, size_t dim,
                 size_t first_user, size_t users, const TopKState& state, const TopKState& out,
                 cudaStream_t stream) {
  if (users == 0) return;
  launch(rerank_kernel, static_cast<unsigned>(users), kThreads, 0, stream, user_vectors,
         movie_vectors, dim, first_user, state, out);
}

}  // namespace cinerec::kernels
