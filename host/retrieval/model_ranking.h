// A trained model's ranking scores for every user and movie (host/backend/ranking_scores.h): its
// score vectors, computed once and held here, or its row scorer.
#pragma once

#include "host/backend/ranking_scores.h"
#include "host/model/user_movie_vectors.h"
#include "host/runtime/trained_model.h"

namespace cinerec {

class ModelRanking {
 public:
  // `scorer` ranks the vector models' lists; a row scorer's are ranked on the CPU.
  ModelRanking(TrainedModel& model, const TopKScorer& scorer);
  ModelRanking(const ModelRanking&) = delete;
  ModelRanking& operator=(const ModelRanking&) = delete;

  const RankingScores& scores() const { return scores_; }

 private:
  UserMovieVectors vectors_;  // the scores' storage (vector models)
  RankingScores scores_;
};

}  // namespace cinerec
