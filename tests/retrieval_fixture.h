// A small prepared dataset and a CPU backend with random parameters (every bias non-zero), for
// the tests of retrieval and ranking.
#pragma once

#include <memory>

#include "host/common/rng.h"
#include "host/cpu/cpu_backend.h"
#include "host/data/prepare/prepare.h"
#include "host/model/spec_from_config.h"
#include "host/runtime/backend_factory.h"
#include "tests/raw_tables_fixture.h"

namespace cinerec::testing {

inline Dataset small_dataset(size_t users = 12, size_t movies = 40, size_t ratings = 150) {
  PrepareOptions options;
  options.split.test_fraction = 0.3;
  options.title_len = 6;
  return prepare_dataset(make_raw_tables(users, movies, ratings), options, {});
}

inline ModelConfig small_model_config(Head head, bool biases) {
  ModelConfig c;
  c.user_id_dim = c.movie_id_dim = c.genre_dim = c.token_dim = 6;
  c.demographic_dim = 3;
  c.tower_hidden = 5;
  c.feature_dim = 7;
  c.title_windows = {2, 3};
  c.title_filters = 2;
  c.head = head_name(head);
  c.biases = biases;
  return c;
}

inline ModelSpec small_spec(const Dataset& data, Head head, bool biases) {
  return make_model_spec(small_model_config(head, biases), data);
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
