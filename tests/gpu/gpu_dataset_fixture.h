// A small prepared dataset and model config for GPU-vs-CPU tests of whole training steps: repeated
// users and movies in every batch, movies without genres, titles shorter than the widest window.
#pragma once

#include "host/config/config.h"
#include "host/data/prepare/prepare.h"
#include "tests/raw_tables_fixture.h"

namespace cinerec::testing {

inline Dataset small_gpu_dataset() {
  RawTables raw = make_raw_tables(40, 60, 900);
  for (size_t m = 0; m < raw.movies.size(); m += 5)
    raw.movies[m].genres.clear();
  PrepareOptions options;
  options.title_len = 8;
  return prepare_dataset(std::move(raw), options, {});
}

inline Config small_gpu_config() {
  Config c;
  c.model.user_id_dim = c.model.movie_id_dim = c.model.genre_dim = c.model.token_dim = 8;
  c.model.demographic_dim = 4;
  c.model.tower_hidden = 8;
  c.model.feature_dim = 24;
  c.model.title_windows = {2, 3, 5};
  c.model.title_filters = 4;
  c.train.batch_size = 32;
  c.train.threads = 1;
  c.train.lr = 0.01;
  return c;
}

}  // namespace cinerec::testing
