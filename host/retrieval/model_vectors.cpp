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

ModelScoreVectors::ModelScoreVectors(TrainedModel& model)
    : model_(model),
      spec_(make_model_spec(model.config.model, model.data)),
      params_(model.backend->state().params) {}

size_t ModelScoreVectors::dim() const {
  const TowerFeatures none{tower_feature_dim(model_.backend->layout()), {}, {}};
  return make_score_vectors(none, spec_, model_.backend->layout(), params_).dim;
}

std::vector<float> ModelScoreVectors::users(Indices users) const {
  const TowerFeatures f = compute_tower_features(*model_.backend, model_.data,
                                                 model_.config.train.eval_batch_size, users, {});
  return make_score_vectors(f, spec_, model_.backend->layout(), params_, users).users;
}

std::vector<float> ModelScoreVectors::movies(size_t first, size_t count) const {
  const std::vector<uint32_t> movies = index_range(first, count);
  const TowerFeatures f = compute_tower_features(*model_.backend, model_.data,
                                                 model_.config.train.eval_batch_size, {}, movies);
  return make_score_vectors(f, spec_, model_.backend->layout(), params_, {}, movies).movies;
}

}  // namespace cinerec
