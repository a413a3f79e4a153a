#include "host/model/param_layout.h"

#include <stdexcept>

#include "host/common/checked_math.h"

namespace cinerec {

std::string title_conv_name(size_t window, const char* suffix) {
  return "title_conv" + std::to_string(window) + "." + suffix;
}

// The shapes come from the config and the dataset: a size that wrapped around would make the
// buffer far smaller than its use, so each is checked (SizeOverflow naming the parameter).
void ParamLayout::add(std::string name, std::vector<size_t> shape, ParamKind kind) {
  const std::string what = "parameter " + name;
  const size_t size = checked_product(shape, what);
  const size_t padded = checked_add(size, kAlign - 1, what) / kAlign * kAlign;
  entries_.push_back({std::move(name), std::move(shape), total_, size, kind});
  total_ = checked_add(total_, padded, "the parameter buffer");
}

ParamLayout::ParamLayout(const ModelSpec& s) {
  const auto dense = [&](const std::string& name, size_t in, size_t out) {
    add(name + ".weight", {in, out}, ParamKind::kWeight);
    add(name + ".bias", {out}, ParamKind::kBias);
  };
  add("user_embedding", {s.users, s.user_id_dim}, ParamKind::kEmbedding);
  add("gender_embedding", {s.genders, s.demographic_dim}, ParamKind::kEmbedding);
  add("age_embedding", {s.ages, s.demographic_dim}, ParamKind::kEmbedding);
  add("job_embedding", {s.jobs, s.demographic_dim}, ParamKind::kEmbedding);
  dense("user_id_fc", s.user_id_dim, s.tower_hidden);
  dense("gender_fc", s.demographic_dim, s.tower_hidden);
  dense("age_fc", s.demographic_dim, s.tower_hidden);
  dense("job_fc", s.demographic_dim, s.tower_hidden);
  dense("user_fc", s.user_concat(), s.feature_dim);

  add("movie_embedding", {s.movies, s.movie_id_dim}, ParamKind::kEmbedding);
  add("genre_embedding", {s.genres, s.genre_dim}, ParamKind::kEmbedding);
  add("token_embedding", {s.tokens, s.token_dim}, ParamKind::kEmbedding);
  dense("movie_id_fc", s.movie_id_dim, s.tower_hidden);
  dense("genre_fc", s.genre_dim, s.tower_hidden);
  for (size_t w : s.title_windows) {
    add(title_conv_name(w, "weight"), {s.title_filters, w, s.token_dim}, ParamKind::kWeight);
    add(title_conv_name(w, "bias"), {s.title_filters}, ParamKind::kBias);
  }
  dense("movie_fc", s.movie_concat(), s.feature_dim);

  if (s.head == Head::kFc) dense("head", 2 * s.feature_dim, 1);
  if (s.biases) {
    add("user_bias", {s.users, 1}, ParamKind::kEmbedding);
    add("movie_bias", {s.movies, 1}, ParamKind::kEmbedding);
    add("global_bias", {1}, ParamKind::kBias);
  }
}

const ParamEntry& ParamLayout::at(std::string_view name) const {
  for (const auto& e : entries_) {
    if (e.name == name) return e;
  }
  throw std::out_of_range("model has no parameter " + std::string(name));
}

size_t ParamLayout::parameter_count() const {
  size_t n = 0;
  for (const auto& e : entries_)
    n += e.size;
  return n;
}

}  // namespace cinerec
