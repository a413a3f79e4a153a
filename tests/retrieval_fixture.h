// A small prepared dataset and a CPU backend with random parameters (every bias non-zero), for
// the tests of retrieval and ranking.
#pragma once

#include <memory>

#include "host/common/rng.h"
#include "host/cpu/cpu_backend.h"
#include "host/data/prepare.h"
#include "tests/raw_tables_fixture.h"

namespace cinerec::testing {

inline Dataset small_dataset(size_t users = 12, size_t movies = 40, size_t ratings = 150) {
  PrepareOptions options;
  options.split.test_fraction = 0.3;
  options.title_len = 6;
  return prepare_dataset(make_raw_tables(users, movies, ratings), options, {});
}

inline ModelSpec small_spec(const Dataset& data, Head head, bool biases) {
  ModelSpec s;
  s.users = data.num_users();
  s.genders = data.genders().size();
  s.ages = data.ages().size();
  s.jobs = data.jobs().size();
  s.movies = data.num_movies();
  s.genres = data.genres().size();
  s.tokens = data.tokens().size();
  s.title_len = data.title_len();
  s.user_id_dim = s.movie_id_dim = s.genre_dim = s.token_dim = 6;
  s.demographic_dim = 3;
  s.tower_hidden = 5;
  s.feature_dim = 7;
  s.title_windows = {2, 3};
  s.title_filters = 2;
  s.head = head;
  s.biases = biases;
  return s;
}

// Parameters uniform in [-1, 1), so no bias term is zero.
inline std::unique_ptr<cpu::CpuBackend> random_backend(const ModelSpec& spec, uint64_t seed) {
  auto backend = std::make_unique<cpu::CpuBackend>(spec, OptimizerSettings{}, seed, 1);
  ModelState state = backend->state();
  Rng rng(seed);
  for (float& p : state.params)
    p = static_cast<float>(2 * rng.uniform() - 1);
  backend->set_state(state);
  return backend;
}

}  // namespace cinerec::testing
