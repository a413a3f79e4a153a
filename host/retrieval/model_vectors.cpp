#include "host/retrieval/model_vectors.h"

#include "host/train/run_setup.h"

namespace cinerec {

ModelVectors model_vectors(TrainedModel& model) {
  Backend& backend = *model.backend;
  ModelVectors v;
  v.features = compute_tower_features(backend, model.data, model.config.train.eval_batch_size);
  v.scores =
      make_score_vectors(v.features, ModelWiring(make_model_spec(model.config.model, model.data)),
                         backend.state().params);
  return v;
}

ModelScoreVectors::ModelScoreVectors(TrainedModel& model)
    : model_(model),
      wiring_(make_model_spec(model.config.model, model.data)),
      params_(model.backend->state().params) {}

size_t ModelScoreVectors::dim() const {
  const TowerFeatures none{wiring_.spec.feature_dim, {}, {}};
  return make_score_vectors(none, wiring_, params_).dim;
}

std::vector<float> ModelScoreVectors::users(Indices users) const {
  const TowerFeatures f = compute_tower_features(*model_.backend, model_.data,
                                                 model_.config.train.eval_batch_size, users, {});
  return make_score_vectors(f, wiring_, params_, users).users;
}

std::vector<float> ModelScoreVectors::movies(size_t first, size_t count) const {
  const std::vector<uint32_t> movies = index_range(first, count);
  const TowerFeatures f = compute_tower_features(*model_.backend, model_.data,
                                                 model_.config.train.eval_batch_size, {}, movies);
  return make_score_vectors(f, wiring_, params_, {}, movies).movies;
}

}  // namespace cinerec
