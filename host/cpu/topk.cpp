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

// oneDNN's fp32 GEMM takes other kernels for the rows past the last whole block of this many,
// whose sums round differently (observed on AVX-512 below 16 rows, and without AVX-512 for the
// last row of a 67-row tile): a user's scores would depend on how many users share its tile.
// Tiles are padded with zero rows to a multiple of it, so a user's scores are the same bits
// whichever users it is scored with: a --users subset agrees with the full list, and `score`
// across ranks with one process (tests/topk_test.cpp, tests/distributed_score_test.cpp).
constexpr size_t kGemmRows = 16;

size_t padded_rows(size_t rows) {
  return (rows + kGemmRows - 1) / kGemmRows * kGemmRows;
}

// scores[users, movies] = users [users, dim] x movies [movies, dim]^T. oneDNN's fp32 GEMM, not
// the trainer's OpenBLAS: on this project's AVX-512 machines its kernels run these large
// products about twice as fast (bench/RESULTS.md). Called inside an OpenMP region, it runs on the
// calling thread only. `padded` and `scores` hold padded_rows(num_users) rows.
void score_tile(const float* users, size_t num_users, const float* movies, size_t num_movies,
                size_t dim, std::vector<float>& padded, float* scores) {
  const size_t rows = padded_rows(num_users);
  if (rows != num_users) {
    std::fill(std::copy_n(users, num_users * dim, padded.begin()),
              padded.begin() + static_cast<ptrdiff_t>(rows * dim), 0.0f);
    users = padded.data();
  }
  const auto d = [](size_t v) { return static_cast<dnnl_dim_t>(v); };
  const dnnl_status_t status = dnnl_sgemm('N', 'T', d(rows), d(num_movies), d(dim), 1.0f, users,
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

TopK empty_lists(size_t rows, size_t k) {
  return {k, std::vector<uint32_t>(rows * k, kNoMovie),
          std::vector<float>(rows * k, -std::numeric_limits<float>::infinity()),
          std::vector<uint32_t>(rows, 0)};
}

// Row r of `out`: the best of `top`, whose candidates are in `slots`.
void write_list(RunningTopK& top, const ScoredMovie* slots, size_t r, TopK& out) {
  const size_t n = top.finish(), k = out.k;
  out.counts[r] = static_cast<uint32_t>(n);
  for (size_t j = 0; j < n; ++j) {
    out.movies[r * k + j] = slots[j].movie;
    out.scores[r * k + j] = slots[j].score;
  }
}

}  // namespace

TopK top_k(std::span<const float> users, std::span<const float> movies, size_t dim,
           const UserItems* excluded, size_t k, const TopKTiling& tiling) {
  check_arguments(users, movies, dim, excluded, k);
  const size_t num_users = users.size() / dim, num_movies = movies.size() / dim;
  const size_t tile = std::max<size_t>(tiling.user_tile, 1);
  const size_t chunk = std::max<size_t>(std::min(tiling.movie_chunk, num_movies), 1);
  TopK out = empty_lists(num_users, k);
  const auto tiles = static_cast<ptrdiff_t>((num_users + tile - 1) / tile);
#pragma omp parallel
  {
    std::vector<float> scores(padded_rows(tile) * chunk), padded(padded_rows(tile) * dim);
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
      for (size_t i = 0; i < tu; ++i)
        write_list(top[i], slots.data() + i * 2 * k, u0 + i, out);
    }
  }
  return out;
}

TopK top_k_of_rows(std::span<float> scores, size_t num_movies, const UserItems* excluded,
                   size_t k) {
  if (k == 0) throw std::invalid_argument("top-k needs k >= 1");
  if (num_movies == 0 || scores.size() % num_movies != 0)
    throw std::invalid_argument("top-k: score rows must have one score per movie");
  const size_t rows = scores.size() / num_movies;
  if (excluded && excluded->rows() != rows)
    throw std::invalid_argument("top-k: the excluded sets need one row per score row");
  TopK out = empty_lists(rows, k);
#pragma omp parallel
  {
    std::vector<ScoredMovie> slots(2 * k);
#pragma omp for schedule(dynamic, 16)
    for (size_t r = 0; r < rows; ++r) {
      float* row = scores.data() + r * num_movies;
      size_t next = 0;
      if (excluded) mark_excluded(row, 0, num_movies, excluded->row(r), next);
      RunningTopK top(slots.data(), k);
      offer_chunk(row, 0, num_movies, top);
      write_list(top, slots.data(), r, out);
    }
  }
  return out;
}

}  // namespace cinerec::cpu
