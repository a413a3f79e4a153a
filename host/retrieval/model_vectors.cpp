#include "host/retrieval/model_vectors.h"

#include "host/model/spec_from_config.h"
#include "host/retrieval/score_vectors.h"

namespace cinerec {

ModelVectors::ModelVectors(TrainedModel& model)
    : model_(model),
      wiring_(make_model_spec(model.config.model, model.data)),
      params_(model.backend->state().params),
      features_are_scores_(model.config.model.kind != "cnn") {}

UserMovieVectors ModelVectors::features() const {
  return compute_tower_features(*model_.backend, model_.data, model_.config.train.eval_batch_size);
}

UserMovieVectors ModelVectors::scores(const UserMovieVectors& features) const {
  if (features_are_scores_) return features;
  return make_score_vectors(features, wiring_, params_);
}

size_t ModelVectors::score_dim() const {
  if (features_are_scores_) return model_.backend->feature_dim();
  return make_score_vectors({wiring_.spec.feature_dim, {}, {}}, wiring_, params_).dim;
}

std::vector<float> ModelVectors::user_scores(Indices users) const {
  const UserMovieVectors f = compute_tower_features(*model_.backend, model_.data,
                                                    model_.config.train.eval_batch_size, users, {});
  if (features_are_scores_) return f.users;
  return make_score_vectors(f, wiring_, params_, users).users;
}

std::vector<float> ModelVectors::movie_scores(size_t first, size_t count) const {
  const std::vector<uint32_t> movies = index_range(first, count);
  const UserMovieVectors f = compute_tower_features(
      *model_.backend, model_.data, model_.config.train.eval_batch_size, {}, movies);
  if (features_are_scores_) return f.movies;
  return make_score_vectors(f, wiring_, params_, {}, movies).movies;
}

}  // namespace cinerec
