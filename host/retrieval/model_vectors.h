// A trained model's tower features and score vectors for every user and movie, computed once per
// command through its backend.
#pragma once

#include "host/backend/trained_model.h"
#include "host/retrieval/score_vectors.h"
#include "host/retrieval/tower_features.h"

namespace cinerec {

struct ModelVectors {
  TowerFeatures features;
  ScoreVectors scores;
};

ModelVectors model_vectors(TrainedModel& model);

// A trained model's score vectors on demand, for listed users and for movies by index range, so
// users and catalogue can both be streamed (host/retrieval/streamed_topk.h).
class ModelScoreVectors {
 public:
  explicit ModelScoreVectors(TrainedModel& model);
  size_t dim() const;
  std::vector<float> users(Indices users) const;
  std::vector<float> movies(size_t first, size_t count) const;

 private:
  TrainedModel& model_;
  ModelWiring wiring_;
  std::vector<float> params_;
};

}  // namespace cinerec
