#include "host/retrieval/model_vectors.h"

#include "host/train/run_setup.h"

namespace cinerec {

ModelVectors model_vectors(TrainedModel& model) {
  Backend& backend = *model.backend;
  ModelVectors v;
  v.features = compute_tower_features(backend, model.data, model.config.train.eval_batch_size);
  v.scores = make_score_vectors(v.features, make_model_spec(model.config.model, model.data),
                                backend.layout(), backend.state().params);
  return v;
}

}  // namespace cinerec
