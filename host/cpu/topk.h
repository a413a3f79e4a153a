// Top-K retrieval on the CPU (the twin of kernels/topk.cu): for each row of `users`, the K
// movies with the highest dot product with it, skipping the row's excluded movies. Ties go to the
// smaller movie index. Blocked: one GEMM per (user tile x movie chunk) and a running top-K per
// user, so memory is bounded by the tile sizes, never users x movies; OpenMP over user tiles.
#pragma once

#include <cstddef>
#include <span>

#include "host/backend/top_k.h"

namespace cinerec::cpu {

// 512 x 1024 keeps a thread's score tile (2 MiB) near its core while the GEMM still runs at full
// speed (bench/RESULTS.md has the sweep).
struct TopKTiling {
  size_t user_tile = 512;
  size_t movie_chunk = 1024;
};

// users [U, dim] and movies [M, dim] row-major. `excluded` (nullptr: nothing) has one row per
// user. Throws std::invalid_argument for k = 0, sizes that are not multiples of dim or an
// excluded set with the wrong number of rows.
TopK top_k(std::span<const float> users, std::span<const float> movies, size_t dim,
           const UserItems* excluded, size_t k, const TopKTiling& tiling = {});

// The same lists from scores computed already (a RowScorer's, host/backend/row_scorer.h):
// `scores` [rows, num_movies], whose excluded entries it overwrites; `excluded` (nullptr:
// nothing) has one row per score row. Throws std::invalid_argument as top_k does.
TopK top_k_of_rows(std::span<float> scores, size_t num_movies, const UserItems* excluded, size_t k);

}  // namespace cinerec::cpu
