#include "host/model/model_spec.h"

#include <stdexcept>

#include "host/common/checked_math.h"

namespace cinerec {

size_t ModelSpec::title_features() const {
  return checked_mul(title_windows.size(), title_filters, "model: title features");
}

size_t ModelSpec::user_concat() const {
  return checked_mul(4, tower_hidden, "model: user tower concatenation");
}

size_t ModelSpec::movie_concat() const {
  return checked_add(checked_mul(2, tower_hidden, "model: movie tower concatenation"),
                     title_features(), "model: movie tower concatenation");
}

void ModelSpec::validate() const {
  const auto need = [](bool ok, const std::string& what) {
    if (!ok) throw std::invalid_argument("model: " + what);
  };
  need(users > 0 && movies > 0, "the dataset has no users or no movies");
  need(genders > 0 && ages > 0 && jobs > 0 && tokens > 0, "empty vocabulary");
  need(title_len > 0, "title length must be positive");
  need(!title_windows.empty() && title_filters > 0, "the title CNN needs windows and filters");
  for (size_t w : title_windows) {
    need(w >= 1 && w <= title_len, "title window " + std::to_string(w) +
                                       " does not fit a title of " + std::to_string(title_len) +
                                       " tokens");
  }
  need(user_id_dim && demographic_dim && movie_id_dim && genre_dim && token_dim && tower_hidden &&
           feature_dim,
       "layer sizes must be positive");
  need(dropout >= 0.0 && dropout < 1.0, "dropout must be in [0, 1)");
  movie_concat();  // throws when the widths overflow
  user_concat();
}

}  // namespace cinerec
