#include "host/cpu/topk.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include <oneapi/dnnl/dnnl.h>

namespace cinerec::cpu {
namespace {

// The best k candidates seen so far, kept lazily: offers are appended to a buffer of 2k slots
// and, when it fills, one nth_element keeps the best k and raises the admission threshold to the
// k-th score. Far cheaper per offer than a heap, with the same result (ties by movie index).
class RunningTopK {
 public:
  RunningTopK(ScoredMovie* slots, size_t k) : slots_(slots), k_(k) {}

  // The score a candidate must reach to be offered (-inf until k candidates were kept).
  float threshold() const { return threshold_; }
  void offer(float score, uint32_t movie) {
    slots_[size_++] = {score, movie};
    if (size_ == 2 * k_) keep_best();
  }
  // Sorts the best k first and returns how many there are.
  size_t finish() {
    if (size_ > k_) keep_best();
    std::sort(slots_, slots_ + size_, ranks_before);
    return size_;
  }

 private:
  void keep_best() {
    std::nth_element(slots_, slots_ + (k_ - 1), slots_ + size_, ranks_before);
    size_ = k_;
    threshold_ = slots_[k_ - 1].score;
  }

  ScoredMovie* slots_;
  size_t k_, size_ = 0;
  float threshold_ = -std::numeric_limits<float>::infinity();
};

constexpr float kExcluded = std::numeric_limits<float>::quiet_NaN();

// Marks the user's excluded movies within [first, first + count) as NaN, which no comparison
// admits. `next` walks the user's sorted excluded list across chunks.
void mark_excluded(float* scores, uint32_t first, size_t count, std::span<const uint32_t> excluded,
                   size_t& next) {
  for (; next < excluded.size() && excluded[next] < first + count; ++next)
    scores[excluded[next] - first] = kExcluded;
}

// One movie chunk's scores for one user into the running top-k. Once k candidates are kept almost
// every score falls below the threshold, so each block of 16 is screened with one vectorisable
// comparison into a bit mask, and only its set bits are offered (NaN, excluded, never passes).
void offer_chunk(const float* scores, uint32_t first, size_t count, RunningTopK& top) {
  constexpr size_t kBlock = 16;
  for (size_t j = 0; j < count; j += kBlock) {
    const size_t n = std::min(kBlock, count - j);
    const float threshold = top.threshold();
    uint32_t mask = 0;
    for (size_t t = 0; t < n; ++t)
      mask |= static_cast<uint32_t>(scores[j + t] >= threshold) << t;
    for (; mask != 0; mask &= mask - 1) {
      const auto t = static_cast<size_t>(std::countr_zero(mask));
      if (scores[j + t] >= top.threshold()) {
        top.offer(scores[j + t], static_cast<uint32_t>(first + j + t));
      }
    }
  }
}

// oneDNN's fp32 GEMM takes other kernels below this many rows, whose sums round differently
// (observed on AVX-512: a user's scores then depend on how many users share its tile). Smaller
// tiles are padded with zero rows, so a user's scores are the same bits whichever users it is
// scored with: a --users subset agrees with the full list, and `score` across ranks with one
// process (tests/topk_test.cpp).
constexpr size_t kMinGemmRows = 16;

// scores[users, movies] = users [users, dim] x movies [movies, dim]^T. oneDNN's fp32 GEMM, not
// the trainer's OpenBLAS: on this project's AVX-512 machines its kernels run these large
// products about twice as fast (bench/RESULTS.md). Called inside an OpenMP region, it runs on the
// calling thread only. `padded` holds kMinGemmRows rows; `scores`, at least that many.
void score_tile(const float* users, size_t num_users, const float* movies, size_t num_movies,
                size_t dim, std::vector<float>& padded, float* scores) {
  if (num_users < kMinGemmRows) {
    std::fill(std::copy_n(users, num_users * dim, padded.begin()), padded.end(), 0.0f);
    users = padded.data();
  }
  const auto d = [](size_t v) { return static_cast<dnnl_dim_t>(v); };
  const dnnl_status_t status =
      dnnl_sgemm('N', 'T', d(std::max(num_users, kMinGemmRows)), d(num_movies), d(dim), 1.0f, users,
                 d(dim), movies, d(dim), 0.0f, scores, d(num_movies));
  if (status != dnnl_success) throw std::runtime_error("oneDNN sgemm failed in top-k scoring");
}

void check_arguments(std::span<const float> users, std::span<const float> movies, size_t dim,
                     const UserItems* excluded, size_t k) {
  if (k == 0) throw std::invalid_argument("top-k needs k >= 1");
  if (dim == 0 || users.size() % dim != 0 || movies.size() % dim != 0) {
    throw std::invalid_argument("top-k: user and movie matrices must have rows of " +
                                std::to_string(dim) + " values");
  }
  if (excluded && excluded->rows() != users.size() / dim) {
    throw std::invalid_argument("top-k: the excluded sets have " +
                                std::to_string(excluded->rows()) + " rows for " +
                                std::to_string(users.size() / dim) + " users");
  }
}

}  // namespace

TopK top_k(std::span<const float> users, std::span<const float> movies, size_t dim,
           const UserItems* excluded, size_t k, const TopKTiling& tiling) {
  check_arguments(users, movies, dim, excluded, k);
  const size_t num_users = users.size() / dim, num_movies = movies.size() / dim;
  const size_t tile = std::max<size_t>(tiling.user_tile, 1);
  const size_t chunk = std::max<size_t>(std::min(tiling.movie_chunk, num_movies), 1);
  TopK out{k, std::vector<uint32_t>(num_users * k, kNoMovie),
           std::vector<float>(num_users * k, -std::numeric_limits<float>::infinity()),
           std::vector<uint32_t>(num_users, 0)};
  const auto tiles = static_cast<ptrdiff_t>((num_users + tile - 1) / tile);
#pragma omp parallel
  {
    std::vector<float> scores(std::max(tile, kMinGemmRows) * chunk), padded(kMinGemmRows * dim);
    std::vector<size_t> next(tile);
    std::vector<ScoredMovie> slots(tile * 2 * k);
#pragma omp for schedule(dynamic, 1)
    for (ptrdiff_t t = 0; t < tiles; ++t) {
      const size_t u0 = static_cast<size_t>(t) * tile, tu = std::min(tile, num_users - u0);
      std::vector<RunningTopK> top;
      for (size_t i = 0; i < tu; ++i)
        top.emplace_back(slots.data() + i * 2 * k, k);
      std::fill_n(next.begin(), tu, 0);
      for (size_t m0 = 0; m0 < num_movies; m0 += chunk) {
        const size_t mc = std::min(chunk, num_movies - m0);
        score_tile(users.data() + u0 * dim, tu, movies.data() + m0 * dim, mc, dim, padded,
                   scores.data());
        for (size_t i = 0; i < tu; ++i) {
          float* row = scores.data() + i * mc;
          const auto first = static_cast<uint32_t>(m0);
          if (excluded) mark_excluded(row, first, mc, excluded->row(u0 + i), next[i]);
          offer_chunk(row, first, mc, top[i]);
        }
      }
      for (size_t i = 0; i < tu; ++i) {
        const size_t u = u0 + i, n = top[i].finish();
        out.counts[u] = static_cast<uint32_t>(n);
        for (size_t j = 0; j < n; ++j) {
          out.movies[u * k + j] = slots[i * 2 * k + j].movie;
          out.scores[u * k + j] = slots[i * 2 * k + j].score;
        }
      }
    }
  }
  return out;
}

}  // namespace cinerec::cpu
