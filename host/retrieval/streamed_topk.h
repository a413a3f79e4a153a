// Top-k over a catalogue streamed in chunks: each chunk's movie vectors are made on demand, scored
// against every user and merged into the running per-user lists, so memory holds one chunk of
// movie vectors however large the catalogue. Merging keeps top_k's order (score, then the smaller
// movie index), so any chunking gives the same lists.
#pragma once

#include <functional>
#include <span>
#include <vector>

#include "host/retrieval/topk.h"

namespace cinerec {

// The vectors of movies [first, first + count), row-major.
using MovieVectorChunk = std::function<std::vector<float>(size_t first, size_t count)>;

TopK streamed_top_k(std::span<const float> users, size_t dim, size_t num_movies,
                    const MovieVectorChunk& movie_vectors, const UserItems* excluded, size_t k,
                    size_t movie_chunk, const TopKScorer& scorer);

// `into` (k per user) becomes the better k of its lists and `part`'s, whose movie indices are
// shifted by `offset`.
void merge_top_k(TopK& into, const TopK& part, uint32_t offset);

// Each row's items in [first, first + count), shifted to start at 0.
UserItems item_window(const UserItems& items, uint32_t first, size_t count);

}  // namespace cinerec
