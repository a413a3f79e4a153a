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

}  // namespace cinerec
