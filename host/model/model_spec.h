// The shapes of the CNN recommender (docs/model.md): vocabulary sizes from the dataset, layer
// sizes from the config. Everything downstream — the parameter layout, both backends, the
// checkpoint — derives from this one struct.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "host/model/head.h"

namespace cinerec {

struct ModelSpec {
  // Vocabulary sizes, from the dataset.
  size_t users = 0, genders = 0, ages = 0, jobs = 0;
  size_t movies = 0, genres = 0, tokens = 0;
  size_t title_len = 0;
  // Layer sizes, from the config (its defaults, the published model's, are the only ones:
  // ModelConfig in host/config/config.h).
  size_t user_id_dim = 0, demographic_dim = 0, movie_id_dim = 0, genre_dim = 0, token_dim = 0;
  size_t tower_hidden = 0;
  size_t feature_dim = 0;
  std::vector<size_t> title_windows;
  size_t title_filters = 0;
  double dropout = 0.0;
  Head head = Head::kDot;
  bool biases = false;
  bool ranking_bias = false;  // a per-movie term of the ranking score only

  // Overflow-checked (SizeOverflow): the widths come from the config.
  size_t title_features() const;
  size_t user_concat() const;
  size_t movie_concat() const;
  // Throws std::invalid_argument on sizes the model cannot run with (e.g. a window longer than
  // the title), SizeOverflow on sizes that do not fit in 64 bits.
  void validate() const;
};

}  // namespace cinerec
