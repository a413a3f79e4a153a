#include "host/retrieval/topk.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "host/cpu/gemm.h"

namespace cinerec {
namespace {

struct Candidate {
  float score;
  uint32_t movie;
};

// Higher score first, then the smaller movie index.
bool better(const Candidate& a, const Candidate& b) {
  return a.score > b.score || (a.score == b.score && a.movie < b.movie);
}

// A bounded heap holding the best k candidates seen so far, the worst one on top.
class RunningTopK {
 public:
  RunningTopK(Candidate* slots, size_t k) : heap_(slots), k_(k) {}

  bool full() const { return size_ == k_; }
  // The score a candidate must reach to enter (-inf until full).
  float threshold() const {
    return full() ? heap_[0].score : -std::numeric_limits<float>::infinity();
  }
  void offer(float score, uint32_t movie) {
    if (size_ < k_) {
      heap_[size_++] = {score, movie};
      std::push_heap(heap_, heap_ + size_, better);
    } else if (better({score, movie}, heap_[0])) {
      std::pop_heap(heap_, heap_ + size_, better);
      heap_[size_ - 1] = {score, movie};
      std::push_heap(heap_, heap_ + size_, better);
    }
  }
  // Sorts best first and returns how many there are.
  size_t finish() {
    std::sort_heap(heap_, heap_ + size_, better);
    return size_;
  }

 private:
  Candidate* heap_;
  size_t k_, size_ = 0;
};

constexpr float kExcluded = std::numeric_limits<float>::quiet_NaN();

// Marks the user's excluded movies within [first, first + count) as NaN, which no comparison
// admits. `next` walks the user's sorted excluded list across chunks.
void mark_excluded(float* scores, uint32_t first, size_t count, std::span<const uint32_t> excluded,
                   size_t& next) {
  for (; next < excluded.size() && excluded[next] < first + count; ++next)
    scores[excluded[next] - first] = kExcluded;
}

// One movie chunk's scores for one user into the running top-k. Once the heap is full almost
// every score falls below its threshold, so blocks are screened with a vectorisable test first.
void offer_chunk(const float* scores, uint32_t first, size_t count, RunningTopK& top) {
  constexpr size_t kBlock = 16;
  size_t j = 0;
  for (; j < count && !top.full(); ++j) {
    if (!std::isnan(scores[j])) top.offer(scores[j], static_cast<uint32_t>(first + j));
  }
  for (; j < count; j += kBlock) {
    const size_t n = std::min(kBlock, count - j);
    const float threshold = top.threshold();
    bool any = false;
    for (size_t t = 0; t < n; ++t)
      any |= scores[j + t] >= threshold;
    if (!any) continue;
    for (size_t t = 0; t < n; ++t) {
      if (scores[j + t] >= top.threshold()) {
        top.offer(scores[j + t], static_cast<uint32_t>(first + j + t));
      }
    }
  }
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

size_t checked_k(long long k, const char* option) {
  if (k < 1 || static_cast<size_t>(k) > kMaxTopK) {
    throw std::invalid_argument(std::string(option) + " must be between 1 and " +
                                std::to_string(kMaxTopK) + ", got " + std::to_string(k));
  }
  return static_cast<size_t>(k);
}

TopK top_k(std::span<const float> users, std::span<const float> movies, size_t dim,
           const UserItems* excluded, size_t k, const TopKTiling& tiling) {
  check_arguments(users, movies, dim, excluded, k);
  const size_t num_users = users.size() / dim, num_movies = movies.size() / dim;
  const size_t tile = std::max<size_t>(tiling.user_tile, 1);
  const size_t chunk = std::max<size_t>(std::min(tiling.movie_chunk, num_movies), 1);
  std::vector<Candidate> best(num_users * k);
  TopK out{k, std::vector<uint32_t>(num_users * k, kNoMovie),
           std::vector<float>(num_users * k, -std::numeric_limits<float>::infinity()),
           std::vector<uint32_t>(num_users, 0)};
  // Each thread runs its own single-threaded GEMMs; BLAS threads would compete for the cores.
  cpu::set_blas_threads(1);
  const auto tiles = static_cast<ptrdiff_t>((num_users + tile - 1) / tile);
#pragma omp parallel
  {
    std::vector<float> scores(tile * chunk);
    std::vector<size_t> next(tile);
#pragma omp for schedule(dynamic, 1)
    for (ptrdiff_t t = 0; t < tiles; ++t) {
      const size_t u0 = static_cast<size_t>(t) * tile, tu = std::min(tile, num_users - u0);
      std::vector<RunningTopK> top;
      for (size_t i = 0; i < tu; ++i)
        top.emplace_back(best.data() + (u0 + i) * k, k);
      std::fill_n(next.begin(), tu, 0);
      for (size_t m0 = 0; m0 < num_movies; m0 += chunk) {
        const size_t mc = std::min(chunk, num_movies - m0);
        cpu::gemm<float>(false, true, tu, mc, dim, 1.0f, users.data() + u0 * dim, dim,
                         movies.data() + m0 * dim, dim, 0.0f, scores.data(), mc);
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
          out.movies[u * k + j] = best[u * k + j].movie;
          out.scores[u * k + j] = best[u * k + j].score;
        }
      }
    }
  }
  return out;
}

}  // namespace cinerec
