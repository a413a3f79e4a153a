// The two ways to a model's RankingScores (host/backend/ranking_scores.h).
#pragma once

#include "host/backend/ranking_scores.h"
#include "host/backend/row_scorer.h"
#include "host/model/user_movie_vectors.h"

namespace cinerec {

// Dot products of `vectors` (which must outlive the result), top-k by `scorer`.
RankingScores vector_ranking_scores(const UserMovieVectors& vectors, TopKScorer scorer);

// Rows of `rows` (which must outlive the result), scored a block of users at a time and ranked
// by cpu::top_k_of_rows; memory holds one block's rows (about 64 MiB), never users x movies.
RankingScores row_ranking_scores(const RowScorer& rows);

}  // namespace cinerec
