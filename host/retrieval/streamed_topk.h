// Top-k over a catalogue streamed in chunks: each chunk's movie vectors are made on demand, scored
// against the users and merged into the running per-user lists, so memory holds one chunk of movie
// vectors however large the catalogue. Users stream too: one chunk's vectors and lists at a time.
// Merging keeps top_k's order (score, then the smaller movie index), so any chunking gives the
// same lists.
#pragma once

#include <functional>
#include <span>
#include <vector>

#include "host/cpu/topk.h"

namespace cinerec {

// The vectors of movies [first, first + count), row-major.
using MovieVectorChunk = std::function<std::vector<float>(size_t first, size_t count)>;
// The vectors of the listed dataset users, row-major in that order.
using UserVectorRows = std::function<std::vector<float>(std::span<const uint32_t> users)>;
// Takes one user chunk's lists; row i belongs to users[i].
using TopKSink = std::function<void(const TopK& top, std::span<const uint32_t> users)>;

struct TopKChunks {
  size_t users = size_t{1} << 15;   // 32,768 users: their lists take 256 MiB at k = 1024
  size_t movies = size_t{1} << 18;  // 262,144 movies: ~200 MiB of 200-d vectors
};

TopK streamed_top_k(std::span<const float> users, size_t dim, size_t num_movies,
                    const MovieVectorChunk& movie_vectors, const UserItems* excluded, size_t k,
                    size_t movie_chunk, const TopKScorer& scorer);

// Every listed user's top-k over the whole catalogue, handed to `sink` a user chunk at a time in
// list order. `excluded` (nullptr: nothing) has one row per dataset user. A catalogue of one
// movie chunk is made once and kept for every user chunk.
void catalogue_top_k(std::span<const uint32_t> users, size_t dim, size_t num_movies,
                     const UserVectorRows& user_vectors, const MovieVectorChunk& movie_vectors,
                     const UserItems* excluded, size_t k, const TopKChunks& chunks,
                     const TopKScorer& scorer, const TopKSink& sink);

// `into` (k per user) becomes the better k of its lists and `part`'s, whose movie indices are
// shifted by `offset`.
void merge_top_k(TopK& into, const TopK& part, uint32_t offset);

// Each row's items in [first, first + count), shifted to start at 0.
UserItems item_window(const UserItems& items, uint32_t first, size_t count);

}  // namespace cinerec
