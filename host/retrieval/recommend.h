// The paper's three recommendation lists (its Tables 6-9), from a trained model's vectors (the
// user's list from its ranking scores, which for UserCF and ItemCF are rows, not vectors):
//   similar_movies:  the movies whose features m have the highest cosine similarity with the
//                    query movie's (the query itself excluded);
//   movies_for_user: the highest ranking scores (predicted ratings) among the movies the user
//                    did not rate in the training split;
//   fans_of:         the users with the highest predicted rating for the movie, then each fan's
//                    highest predicted ratings among all other movies (seen or not: a favourite
//                    may be one the fan rated).
// Deterministic by default. With a sampling seed, each list is instead k (at most 20) distinct
// entries drawn uniformly from its top 20, then sorted by score: the original code's random pick
// (it weighted the draw by score; a uniform draw needs no positive scores).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "host/backend/ranking_scores.h"
#include "host/data/dataset/user_items.h"
#include "host/retrieval/score_vectors.h"
#include "host/retrieval/tower_features.h"

namespace cinerec {

struct Recommended {
  uint32_t index;  // a movie, or a user for fans_of's fans
  float score;
};

struct Fan {
  Recommended user;
  std::vector<Recommended> favourites;
};

struct ListOptions {
  size_t k = 5;
  std::optional<uint64_t> sample_seed;  // set: the random pick among the top 20
};

inline constexpr size_t kSamplePool = 20;

std::vector<Recommended> similar_movies(const UserMovieVectors& features, uint32_t movie,
                                        const ListOptions& options);
std::vector<Recommended> movies_for_user(const RankingScores& scores, const UserItems& train,
                                         uint32_t user, const ListOptions& options);
std::vector<Fan> fans_of(const UserMovieVectors& vectors, uint32_t movie,
                         const ListOptions& options);

}  // namespace cinerec
