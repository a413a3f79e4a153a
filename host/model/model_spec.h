// The shapes of the CNN recommender (docs/model.md): vocabulary sizes from the dataset, layer
// sizes from the config. Everything downstream — the parameter layout, both backends, the
// checkpoint — derives from this one struct.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace cinerec {

enum class Head { kDot, kFc };

struct ModelSpec {
  // Vocabulary sizes.
  size_t users = 0, genders = 0, ages = 0, jobs = 0;
  size_t movies = 0, genres = 0, tokens = 0;
  size_t title_len = 15;
  // Layer sizes.
  size_t user_id_dim = 32, demographic_dim = 16, movie_id_dim = 32, genre_dim = 32, token_dim = 32;
  size_t tower_hidden = 32;
  size_t feature_dim = 200;
  std::vector<size_t> title_windows{2, 3, 4, 5};
  size_t title_filters = 8;
  double dropout = 0.5;
  Head head = Head::kDot;
  bool biases = false;

  // Overflow-checked (SizeOverflow): the widths come from the config.
  size_t title_features() const;
  size_t user_concat() const;
  size_t movie_concat() const;
  // Throws std::invalid_argument on sizes the model cannot run with (e.g. a window longer than
  // the title), SizeOverflow on sizes that do not fit in 64 bits.
  void validate() const;
};

Head parse_head(const std::string& name);
const char* head_name(Head h);

}  // namespace cinerec
