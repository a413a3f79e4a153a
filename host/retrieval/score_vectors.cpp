#include "host/retrieval/score_vectors.h"

#include <algorithm>

namespace cinerec {
namespace {

// The bias terms of the feature rows, zero when the model has none.
struct Biases {
  bool present = false;
  std::span<const float> user, movie;
  Indices user_rows, movie_rows;
  float global = 0.0f;

  static float at(std::span<const float> bias, Indices rows, size_t i) {
    return bias[rows.empty() ? i : rows[i]];
  }
  float of_user(size_t i) const { return present ? at(user, user_rows, i) + global : 0.0f; }
  float of_movie(size_t i) const { return present ? at(movie, movie_rows, i) : 0.0f; }
};

Biases biases_of(const ModelWiring& w, std::span<const float> params, Indices users,
                 Indices movies) {
  const HeadWiring& h = w.head;
  if (!h.global_bias) return {};
  return {true,
          w.tables[*h.user_bias].tensor.in(params),
          w.tables[*h.movie_bias].tensor.in(params),
          users,
          movies,
          h.global_bias->in(params)[0]};
}

float dot(const float* a, const float* b, size_t n) {
  float s = 0.0f;
  for (size_t k = 0; k < n; ++k)
    s += a[k] * b[k];
  return s;
}

// Rows of `dim` values: the features, then `extra(i)`'s values.
template <class Extra>
std::vector<float> extend(const std::vector<float>& features, size_t feature_dim, size_t count,
                          size_t dim, Extra extra) {
  std::vector<float> out(count * dim);
  for (size_t i = 0; i < count; ++i) {
    float* row = out.data() + i * dim;
    std::copy_n(features.data() + i * feature_dim, feature_dim, row);
    extra(i, row + feature_dim);
  }
  return out;
}

UserMovieVectors dot_head(const UserMovieVectors& f, const Biases& b) {
  const size_t users = f.users.size() / f.dim, movies = f.movies.size() / f.dim;
  if (!b.present) return {f.dim, f.users, f.movies};
  const size_t dim = f.dim + 2;
  return {dim,
          extend(f.users, f.dim, users, dim,
                 [&](size_t i, float* x) {
                   x[0] = 1.0f;
                   x[1] = b.of_user(i);
                 }),
          extend(f.movies, f.dim, movies, dim, [&](size_t i, float* x) {
            x[0] = b.of_movie(i);
            x[1] = 1.0f;
          })};
}

UserMovieVectors fc_head(const UserMovieVectors& f, const Biases& b, std::span<const float> weight,
                         float bias) {
  const size_t users = f.users.size() / f.dim, movies = f.movies.size() / f.dim;
  UserMovieVectors s{2, std::vector<float>(users * 2), std::vector<float>(movies * 2)};
  for (size_t i = 0; i < users; ++i) {
    s.users[2 * i] = dot(f.users.data() + i * f.dim, weight.data(), f.dim) + bias + b.of_user(i);
    s.users[2 * i + 1] = 1.0f;
  }
  for (size_t i = 0; i < movies; ++i) {
    s.movies[2 * i] = 1.0f;
    s.movies[2 * i + 1] =
        dot(f.movies.data() + i * f.dim, weight.data() + f.dim, f.dim) + b.of_movie(i);
  }
  return s;
}

// The ranking bias joins the score as one more column: 1 for every user, the movie's bias.
UserMovieVectors with_ranking_bias(const UserMovieVectors& s, std::span<const float> bias,
                                   Indices movies) {
  const size_t users = s.users.size() / s.dim, count = s.movies.size() / s.dim, dim = s.dim + 1;
  return {dim, extend(s.users, s.dim, users, dim, [](size_t, float* x) { x[0] = 1.0f; }),
          extend(s.movies, s.dim, count, dim,
                 [&](size_t i, float* x) { x[0] = Biases::at(bias, movies, i); })};
}

UserMovieVectors head_scores(const UserMovieVectors& features, const ModelWiring& wiring,
                             std::span<const float> params, Indices users, Indices movies) {
  const Biases biases = biases_of(wiring, params, users, movies);
  if (!wiring.head.fc) return dot_head(features, biases);
  return fc_head(features, biases, wiring.head.fc->weight.in(params),
                 wiring.head.fc->bias.in(params)[0]);
}

}  // namespace

UserMovieVectors make_score_vectors(const UserMovieVectors& features, const ModelWiring& wiring,
                                    std::span<const float> params, Indices users, Indices movies) {
  UserMovieVectors scores = head_scores(features, wiring, params, users, movies);
  if (!wiring.head.ranking_bias) return scores;
  return with_ranking_bias(scores, wiring.tables[*wiring.head.ranking_bias].tensor.in(params),
                           movies);
}

}  // namespace cinerec
