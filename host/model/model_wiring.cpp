#include "host/model/model_wiring.h"

#include <string>

namespace cinerec {
namespace {

// Adds the tensors of the model in their layout order (the checkpoint's and the init's streams
// follow it), keeping what each is for.
class Builder {
 public:
  explicit Builder(ModelWiring& w) : w_(w) {}

  size_t table(const std::string& name, size_t rows, size_t dim, BatchField ids, Bags bags,
               ParamInit init = ParamInit::kUniformUnit) {
    const TensorRef t = w_.layout.add(name, {rows, dim}, ParamKind::kEmbedding, init);
    w_.tables.push_back({t, rows, dim, ids, bags});
    return w_.tables.size() - 1;
  }

  DenseLayer dense(const std::string& name, size_t in, size_t out) {
    const TensorRef weight =
        w_.layout.add(name + ".weight", {in, out}, ParamKind::kWeight, ParamInit::kGlorotUniform);
    const TensorRef bias = w_.layout.add(name + ".bias", {out}, ParamKind::kBias, ParamInit::kZero);
    return {weight, bias, in, out};
  }

  // Each input's FC output takes the next `out` columns of the concatenation.
  void input(std::vector<TowerInput>& tower, size_t table, DenseLayer fc, size_t& slot) {
    tower.push_back({table, fc, slot});
    slot += fc.out;
  }

 private:
  ModelWiring& w_;
};

}  // namespace

ModelWiring::ModelWiring(const ModelSpec& s) : spec(s) {
  spec.validate();
  Builder b(*this);
  using enum BatchField;
  const size_t user = b.table("user_embedding", s.users, s.user_id_dim, kUser, Bags::kOnePerRow);
  const size_t gender =
      b.table("gender_embedding", s.genders, s.demographic_dim, kGender, Bags::kOnePerRow);
  const size_t age = b.table("age_embedding", s.ages, s.demographic_dim, kAge, Bags::kOnePerRow);
  const size_t job = b.table("job_embedding", s.jobs, s.demographic_dim, kJob, Bags::kOnePerRow);
  size_t slot = 0;
  b.input(user_inputs, user, b.dense("user_id_fc", s.user_id_dim, s.tower_hidden), slot);
  b.input(user_inputs, gender, b.dense("gender_fc", s.demographic_dim, s.tower_hidden), slot);
  b.input(user_inputs, age, b.dense("age_fc", s.demographic_dim, s.tower_hidden), slot);
  b.input(user_inputs, job, b.dense("job_fc", s.demographic_dim, s.tower_hidden), slot);
  user_fc = b.dense("user_fc", s.user_concat(), s.feature_dim);

  const size_t movie =
      b.table("movie_embedding", s.movies, s.movie_id_dim, kMovie, Bags::kOnePerRow);
  const size_t genre = b.table("genre_embedding", s.genres, s.genre_dim, kGenres, Bags::kGenreBag);
  title.table = b.table("token_embedding", s.tokens, s.token_dim, kTitle, Bags::kTitle);
  slot = 0;
  b.input(movie_inputs, movie, b.dense("movie_id_fc", s.movie_id_dim, s.tower_hidden), slot);
  b.input(movie_inputs, genre, b.dense("genre_fc", s.genre_dim, s.tower_hidden), slot);
  title.slot = slot;
  for (const size_t w : s.title_windows) {
    const std::string name = "title_conv" + std::to_string(w);
    const TensorRef weight = layout.add(name + ".weight", {s.title_filters, w, s.token_dim},
                                        ParamKind::kWeight, ParamInit::kTruncatedNormal);
    const TensorRef bias =
        layout.add(name + ".bias", {s.title_filters}, ParamKind::kBias, ParamInit::kTenth);
    title.windows.push_back({w, weight, bias});
  }
  movie_fc = b.dense("movie_fc", s.movie_concat(), s.feature_dim);

  if (s.head == Head::kFc) head.fc = b.dense("head", 2 * s.feature_dim, 1);
  if (s.biases) {
    head.user_bias = b.table("user_bias", s.users, 1, kUser, Bags::kOnePerRow, ParamInit::kZero);
    head.movie_bias =
        b.table("movie_bias", s.movies, 1, kMovie, Bags::kOnePerRow, ParamInit::kZero);
    head.global_bias = layout.add("global_bias", {1}, ParamKind::kBias, ParamInit::kGlobalMean);
  }
  if (s.ranking_bias) {
    head.ranking_bias =
        b.table("ranking_bias", s.movies, 1, kMovie, Bags::kOnePerRow, ParamInit::kZero);
  }
}

ParamLayout param_layout(const ModelSpec& spec) {
  return ModelWiring(spec).layout;
}

}  // namespace cinerec
