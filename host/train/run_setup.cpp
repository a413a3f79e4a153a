#include "host/train/run_setup.h"

#include <algorithm>
#include <cstdio>
#include <thread>

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
  s.validate();
  return s;
}

OptimizerSettings make_optimizer_settings(const TrainConfig& c) {
  OptimizerSettings o;
  o.adam = {c.lr, c.beta1, c.beta2, c.eps};
  o.rowwise_embeddings = c.embedding_optimizer == "rowwise";
  o.weight_decay = c.weight_decay;
  return o;
}

size_t batch_rows(const Config& config, const Dataset& data) {
  const size_t largest = std::max({data.num_ratings(), data.num_users(), data.num_movies()});
  return std::min(std::max(config.train.batch_size, config.train.eval_batch_size), largest);
}

int cpu_threads(size_t requested) {
  const size_t hardware = std::max(1u, std::thread::hardware_concurrency());
  const size_t cap = kMaxThreadsPerCore * hardware;
  if (requested <= cap) return static_cast<int>(requested);
  std::fprintf(stderr,
               "cinerec: warning: train.threads = %zu is more than %zu x the %zu hardware threads; "
               "using %zu\n",
               requested, kMaxThreadsPerCore, hardware, cap);
  return static_cast<int>(cap);
}

}  // namespace cinerec
