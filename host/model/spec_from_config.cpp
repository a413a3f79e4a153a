#include "host/model/spec_from_config.h"

namespace cinerec {

ModelSpec make_model_spec(const ModelConfig& c, const Dataset& data) {
  ModelSpec s;
  s.users = data.num_users();
  s.genders = data.genders().size();
  s.ages = data.ages().size();
  s.jobs = data.jobs().size();
  s.movies = data.num_movies();
  s.genres = data.genres().size();
  s.tokens = data.tokens().size();
  s.title_len = data.title_len();
  s.user_id_dim = c.user_id_dim;
  s.demographic_dim = c.demographic_dim;
  s.movie_id_dim = c.movie_id_dim;
  s.genre_dim = c.genre_dim;
  s.token_dim = c.token_dim;
  s.tower_hidden = c.tower_hidden;
  s.feature_dim = c.feature_dim;
  s.title_windows = c.title_windows;
  s.title_filters = c.title_filters;
  s.dropout = c.dropout;
  s.head = parse_head(c.head);
  s.biases = c.biases;
  s.ranking_bias = c.ranking_bias;
  s.validate();
  return s;
}

RankingTerm make_ranking_term(const Config& config) {
  const TrainConfig& c = config.train;
  RankingTerm t;
  t.loss = parse_ranking_loss(c.ranking_loss);
  t.negatives = t.loss == RankingLoss::kNone ? 0 : c.negatives;
  t.weight = static_cast<float>(c.negative_weight);
  t.target = static_cast<float>(c.negative_target);
  if (c.ranking_positives == "relevant") {
    t.min_rating = static_cast<float>(config.eval.relevance_threshold);
  }
  t.detached = c.ranking_detach;
  return t;
}

}  // namespace cinerec
