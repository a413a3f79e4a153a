// A trained model's vectors, computed through its backend on demand: the tower features u and m,
// and the score vectors whose dot product is the predicted rating (score_vectors.h), for every
// user and movie, or for listed users and a range of movies, so that users and catalogue can
// both be streamed (host/retrieval/streamed_topk.h).
#pragma once

#include <vector>

#include "host/model/model_wiring.h"
#include "host/model/user_movie_vectors.h"
#include "host/retrieval/tower_features.h"
#include "host/runtime/trained_model.h"

namespace cinerec {

class ModelVectors {
 public:
  explicit ModelVectors(TrainedModel& model);

  // Every user's and every movie's tower features.
  UserMovieVectors features() const;
  // The score vectors of `features` (those of every user and movie).
  UserMovieVectors scores(const UserMovieVectors& features) const;

  size_t score_dim() const;
  std::vector<float> user_scores(Indices users) const;
  std::vector<float> movie_scores(size_t first, size_t count) const;

 private:
  TrainedModel& model_;
  ModelWiring wiring_;
  std::vector<float> params_;
  // The baselines' tower features are their score vectors already (host/baselines/).
  bool features_are_scores_;
};

}  // namespace cinerec
