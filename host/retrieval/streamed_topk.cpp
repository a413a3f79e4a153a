#include "host/retrieval/streamed_topk.h"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace cinerec {
UserItems item_window(const UserItems& items, uint32_t first, size_t count) {
  UserItems out;
  for (size_t r = 0; r < items.rows(); ++r) {
    const auto row = items.row(r);
    for (auto it = std::ranges::lower_bound(row, first); it != row.end() && *it - first < count;
         ++it) {
      out.items.push_back(*it - first);
    }
    out.offsets.push_back(out.items.size());
  }
  return out;
}

void merge_top_k(TopK& into, const TopK& part, uint32_t offset) {
  const size_t k = into.k, users = into.counts.size();
  std::vector<ScoredMovie> merged;
  for (size_t u = 0; u < users; ++u) {
    merged.clear();
    for (size_t j = 0; j < into.counts[u]; ++j)
      merged.push_back({into.scores[u * k + j], into.movies[u * k + j]});
    for (size_t j = 0; j < part.counts[u]; ++j)
      merged.push_back({part.scores[u * part.k + j], part.movies[u * part.k + j] + offset});
    const size_t n = std::min(k, merged.size());
    std::partial_sort(merged.begin(), merged.begin() + static_cast<ptrdiff_t>(n), merged.end(),
                      ranks_before);
    into.counts[u] = static_cast<uint32_t>(n);
    for (size_t j = 0; j < n; ++j)
      into.scores[u * k + j] = merged[j].score, into.movies[u * k + j] = merged[j].movie;
  }
}

TopK streamed_top_k(std::span<const float> users, size_t dim, size_t num_movies,
                    const MovieVectorChunk& movie_vectors, const UserItems* excluded, size_t k,
                    size_t movie_chunk, const TopKScorer& scorer) {
  if (movie_chunk == 0) throw std::invalid_argument("top-k: the movie chunk must be positive");
  const size_t num_users = dim == 0 ? 0 : users.size() / dim;
  TopK out{k, std::vector<uint32_t>(num_users * k, kNoMovie),
           std::vector<float>(num_users * k, -std::numeric_limits<float>::infinity()),
           std::vector<uint32_t>(num_users, 0)};
  for (size_t first = 0; first < num_movies; first += movie_chunk) {
    const size_t count = std::min(movie_chunk, num_movies - first);
    const auto offset = static_cast<uint32_t>(first);
    const std::vector<float> movies = movie_vectors(first, count);
    const UserItems window = excluded ? item_window(*excluded, offset, count) : UserItems{};
    merge_top_k(out, scorer(users, movies, dim, excluded ? &window : nullptr, k), offset);
  }
  return out;
}

void catalogue_top_k(std::span<const uint32_t> users, size_t dim, size_t num_movies,
                     const UserVectorRows& user_vectors, const MovieVectorChunk& movie_vectors,
                     const UserItems* excluded, size_t k, const TopKChunks& chunks,
                     const TopKScorer& scorer, const TopKSink& sink) {
  if (chunks.users == 0) throw std::invalid_argument("top-k: the user chunk must be positive");
  MovieVectorChunk movies = movie_vectors;
  std::vector<float> catalogue;
  if (num_movies <= chunks.movies && users.size() > chunks.users) {
    catalogue = movie_vectors(0, num_movies);
    movies = [&catalogue, dim](size_t first, size_t count) {
      return std::vector<float>(catalogue.begin() + static_cast<ptrdiff_t>(first * dim),
                                catalogue.begin() + static_cast<ptrdiff_t>((first + count) * dim));
    };
  }
  for (size_t first = 0; first < users.size(); first += chunks.users) {
    const auto chunk = users.subspan(first, std::min(chunks.users, users.size() - first));
    const UserItems seen = excluded ? select_rows(*excluded, chunk) : UserItems{};
    sink(streamed_top_k(user_vectors(chunk), dim, num_movies, movies, excluded ? &seen : nullptr, k,
                        chunks.movies, scorer),
         chunk);
  }
}

}  // namespace cinerec
