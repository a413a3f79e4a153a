#include "host/runtime/ranking_scorers.h"

#include <algorithm>
#include <numeric>

#include "host/cpu/topk.h"

namespace cinerec {

RankingScores vector_ranking_scores(const UserMovieVectors& vectors, TopKScorer scorer) {
  return {vectors.movies.size() / std::max<size_t>(vectors.dim, 1),
          [&vectors](uint32_t user, std::span<const uint32_t> movies) {
            std::vector<float> out;
            for (const uint32_t m : movies)
              out.push_back(vectors.score(user, m));
            return out;
          },
          [&vectors, scorer](std::span<const uint32_t> users, const UserItems* excluded, size_t k) {
            return scorer(vectors.user_rows(users), vectors.movies, vectors.dim, excluded, k);
          }};
}

RankingScores row_ranking_scores(const RowScorer& rows) {
  const size_t movies = rows.num_movies();
  return {movies,
          [&rows](uint32_t user, std::span<const uint32_t> wanted) {
            std::vector<float> out(wanted.size());
            rows.score_movies(user, wanted, out);
            return out;
          },
          [&rows, movies](std::span<const uint32_t> users, const UserItems* excluded, size_t k) {
            const size_t block = std::max<size_t>(
                1, (size_t{64} << 20) / sizeof(float) / std::max<size_t>(movies, 1));
            TopK out{k, {}, {}, {}};
            std::vector<float> scores;
            for (size_t first = 0; first < users.size(); first += block) {
              const auto some = users.subspan(first, std::min(block, users.size() - first));
              scores.resize(some.size() * movies);
              rows.score_rows(some, scores);
              std::vector<uint32_t> positions(some.size());
              std::iota(positions.begin(), positions.end(), static_cast<uint32_t>(first));
              const UserItems theirs = excluded ? select_rows(*excluded, positions) : UserItems{};
              const TopK part = cpu::top_k_of_rows(scores, movies, excluded ? &theirs : nullptr, k);
              out.movies.insert(out.movies.end(), part.movies.begin(), part.movies.end());
              out.scores.insert(out.scores.end(), part.scores.begin(), part.scores.end());
              out.counts.insert(out.counts.end(), part.counts.begin(), part.counts.end());
            }
            return out;
          }};
}

}  // namespace cinerec
