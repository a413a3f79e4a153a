#include "host/cpu/model_pass.h"

#include <algorithm>

#include "host/cpu/embedding_bag.h"
#include "host/cpu/mse_head.h"
#include "host/model/determinism.h"

namespace cinerec::cpu {
namespace {

// The user tower's inputs, in their order in the concatenation.
struct Input {
  const char* table;
  const char* fc;
};
constexpr Input kUserInputs[] = {{"user_embedding", "user_id_fc"},
                                 {"gender_embedding", "gender_fc"},
                                 {"age_embedding", "age_fc"},
                                 {"job_embedding", "job_fc"}};

}  // namespace

template <class T>
ModelPass<T>::ModelPass(const ModelSpec& spec, const ParamLayout& layout)
    : spec_(spec), layout_(layout) {}

template <class T>
const T* ModelPass<T>::param(std::span<const T> params, const char* name) const {
  return layout_.view(params, name).data();
}

template <class T>
T* ModelPass<T>::grad(std::span<T> grads, const char* name) const {
  return layout_.view(grads, name).data();
}

template <class T>
Dense<T> ModelPass<T>::dense(std::span<const T> params, const char* name, Activation act) const {
  const std::string base(name);
  const ParamEntry& w = layout_.at(base + ".weight");
  return {w.shape[0], w.shape[1], params.data() + w.offset,
          params.data() + layout_.at(base + ".bias").offset, act};
}

template <class T>
TitleConv<T> ModelPass<T>::title_conv(std::span<const T> params) const {
  TitleConv<T> c{
      spec_.title_len, spec_.token_dim, spec_.title_filters, spec_.title_windows, {}, {}};
  for (size_t w : spec_.title_windows) {
    c.weights.push_back(param(params, title_conv_name(w, "weight").c_str()));
    c.biases.push_back(param(params, title_conv_name(w, "bias").c_str()));
  }
  return c;
}

template <class T>
size_t ModelPass<T>::activation_bytes() const {
  size_t values = 0;
  for (const auto* v :
       {&user_in_,      &gender_in_, &age_in_,  &job_in_,      &user_cat_,     &user_feat_,
        &movie_in_,     &genre_sum_, &tokens_,  &movie_cat_,   &movie_feat_,   &dropout_scale_,
        &conv_scratch_, &pred_,      &d_pred_,  &d_user_feat_, &d_movie_feat_, &d_user_cat_,
        &d_movie_cat_,  &d_in_,      &d_tokens_}) {
    values += v->capacity();
  }
  return values * sizeof(T) + argmax_.capacity() * sizeof(int32_t);
}

template <class T>
void ModelPass<T>::resize(size_t b) {
  batch_ = b;
  const ModelSpec& s = spec_;
  user_in_.resize(b * s.user_id_dim);
  for (auto* v : {&gender_in_, &age_in_, &job_in_})
    v->resize(b * s.demographic_dim);
  user_cat_.resize(b * s.user_concat());
  movie_in_.resize(b * s.movie_id_dim);
  genre_sum_.resize(b * s.genre_dim);
  tokens_.resize(b * s.title_len * s.token_dim);
  movie_cat_.resize(b * s.movie_concat());
  for (auto* v : {&user_feat_, &movie_feat_, &d_user_feat_, &d_movie_feat_}) {
    v->resize(b * s.feature_dim);
  }
  dropout_scale_.resize(b * s.title_features());
  argmax_.resize(b * s.title_features());
  pred_.resize(b);
  d_pred_.resize(b);
  d_user_cat_.resize(b * s.user_concat());
  d_movie_cat_.resize(b * s.movie_concat());
  d_in_.resize(b * std::max({s.user_id_dim, s.demographic_dim, s.movie_id_dim, s.genre_dim}));
  d_tokens_.resize(tokens_.size());
}

template <class T>
void ModelPass<T>::forward(std::span<const T> params, const Batch& b, bool train, uint64_t seed,
                           std::span<T> pred) {
  const ModelSpec& s = spec_;
  const size_t n = b.size(), H = s.tower_hidden, F = s.feature_dim;
  resize(n);

  // User tower.
  const std::vector<uint32_t>* user_ids[] = {&b.user, &b.gender, &b.age, &b.job};
  std::vector<T>* user_inputs[] = {&user_in_, &gender_in_, &age_in_, &job_in_};
  for (size_t i = 0; i < 4; ++i) {
    const Dense<T> fc = dense(params, kUserInputs[i].fc, Activation::kRelu);
    embedding_forward(param(params, kUserInputs[i].table), fc.in, *user_ids[i],
                      user_inputs[i]->data(), fc.in);
    dense_forward(fc, n, user_inputs[i]->data(), fc.in, user_cat_.data() + i * H, s.user_concat());
  }
  dense_forward(dense(params, "user_fc", Activation::kTanh), n, user_cat_.data(), s.user_concat(),
                user_feat_.data(), F);

  // Movie tower: id, genre bag, title CNN with dropout.
  const size_t MC = s.movie_concat();
  embedding_forward(param(params, "movie_embedding"), s.movie_id_dim, b.movie, movie_in_.data(),
                    s.movie_id_dim);
  dense_forward(dense(params, "movie_id_fc", Activation::kRelu), n, movie_in_.data(),
                s.movie_id_dim, movie_cat_.data(), MC);
  embedding_bag_forward(param(params, "genre_embedding"), s.genre_dim, b.genre_offsets, b.genres,
                        genre_sum_.data());
  dense_forward(dense(params, "genre_fc", Activation::kRelu), n, genre_sum_.data(), s.genre_dim,
                movie_cat_.data() + H, MC);
  embedding_forward(param(params, "token_embedding"), s.token_dim, b.title, tokens_.data(),
                    s.token_dim);
  T* title = movie_cat_.data() + 2 * H;
  title_conv_forward(title_conv(params), n, tokens_.data(), title, MC, argmax_.data(),
                     conv_scratch_);
  const size_t TF = s.title_features();
  const uint32_t threshold = dropout_threshold(s.dropout);
  const T keep_scale = dropout_keep_scale<T>(s.dropout);
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < TF; ++j) {
      const bool keep =
          !train || s.dropout == 0.0 || dropout_keep(seed, b.step, i, j, TF, threshold);
      const T scale = !train ? T(1) : (keep ? keep_scale : T(0));
      dropout_scale_[i * TF + j] = scale;
      title[i * MC + j] *= scale;
    }
  }
  dense_forward(dense(params, "movie_fc", Activation::kTanh), n, movie_cat_.data(), MC,
                movie_feat_.data(), F);

  head_forward(head_params(params), n, user_feat_.data(), movie_feat_.data(), b.user.data(),
               b.movie.data(), pred.data());
}

template <class T>
HeadParams<T> ModelPass<T>::head_params(std::span<const T> params) const {
  HeadParams<T> h{spec_.head, spec_.feature_dim};
  if (spec_.head == Head::kFc)
    h.weight = param(params, "head.weight"), h.bias = param(params, "head.bias");
  if (spec_.biases) {
    h.user_bias = param(params, "user_bias");
    h.movie_bias = param(params, "movie_bias");
    h.global_bias = param(params, "global_bias");
  }
  return h;
}

// Gradients of the head's own parameters, from d_pred.
template <class T>
void ModelPass<T>::backward_head(const Batch& b, std::span<T> grads) {
  const size_t n = b.size(), F = spec_.feature_dim;
  if (spec_.head == Head::kFc) {
    T* dw = grad(grads, "head.weight");
    for (size_t i = 0; i < n; ++i) {
      for (size_t k = 0; k < F; ++k)
        dw[k] += d_pred_[i] * user_feat_[i * F + k],
            dw[F + k] += d_pred_[i] * movie_feat_[i * F + k];
      *grad(grads, "head.bias") += d_pred_[i];
    }
  }
  if (!spec_.biases) return;
  embedding_backward<T>(b.user, 1, d_pred_.data(), 1, grad(grads, "user_bias"));
  embedding_backward<T>(b.movie, 1, d_pred_.data(), 1, grad(grads, "movie_bias"));
  for (size_t i = 0; i < n; ++i)
    *grad(grads, "global_bias") += d_pred_[i];
}

template <class T>
void ModelPass<T>::backward_user(std::span<const T> params, const Batch& b, std::span<T> grads) {
  const ModelSpec& s = spec_;
  const size_t n = b.size(), H = s.tower_hidden, UC = s.user_concat();
  // d_user_feat_ already holds d(pre-tanh) (mse_head_backward).
  dense_backward(dense(params, "user_fc", Activation::kNone), n, user_cat_.data(), UC,
                 user_feat_.data(), s.feature_dim, d_user_feat_.data(), s.feature_dim,
                 grad(grads, "user_fc.weight"), grad(grads, "user_fc.bias"), d_user_cat_.data(),
                 UC);
  const std::vector<uint32_t>* ids[] = {&b.user, &b.gender, &b.age, &b.job};
  const std::vector<T>* inputs[] = {&user_in_, &gender_in_, &age_in_, &job_in_};
  for (size_t i = 0; i < 4; ++i) {
    const std::string fc = kUserInputs[i].fc;
    const Dense<T> layer = dense(params, kUserInputs[i].fc, Activation::kRelu);
    dense_backward(layer, n, inputs[i]->data(), layer.in, user_cat_.data() + i * H, UC,
                   d_user_cat_.data() + i * H, UC, grad(grads, (fc + ".weight").c_str()),
                   grad(grads, (fc + ".bias").c_str()), d_in_.data(), layer.in);
    embedding_backward<T>(*ids[i], layer.in, d_in_.data(), layer.in,
                          grad(grads, kUserInputs[i].table));
  }
}

template <class T>
void ModelPass<T>::backward_movie(std::span<const T> params, const Batch& b, std::span<T> grads) {
  const ModelSpec& s = spec_;
  const size_t n = b.size(), H = s.tower_hidden, MC = s.movie_concat(), TF = s.title_features();
  dense_backward(dense(params, "movie_fc", Activation::kNone), n, movie_cat_.data(), MC,
                 movie_feat_.data(), s.feature_dim, d_movie_feat_.data(), s.feature_dim,
                 grad(grads, "movie_fc.weight"), grad(grads, "movie_fc.bias"), d_movie_cat_.data(),
                 MC);
  dense_backward(dense(params, "movie_id_fc", Activation::kRelu), n, movie_in_.data(),
                 s.movie_id_dim, movie_cat_.data(), MC, d_movie_cat_.data(), MC,
                 grad(grads, "movie_id_fc.weight"), grad(grads, "movie_id_fc.bias"), d_in_.data(),
                 s.movie_id_dim);
  embedding_backward<T>(b.movie, s.movie_id_dim, d_in_.data(), s.movie_id_dim,
                        grad(grads, "movie_embedding"));
  dense_backward(dense(params, "genre_fc", Activation::kRelu), n, genre_sum_.data(), s.genre_dim,
                 movie_cat_.data() + H, MC, d_movie_cat_.data() + H, MC,
                 grad(grads, "genre_fc.weight"), grad(grads, "genre_fc.bias"), d_in_.data(),
                 s.genre_dim);
  embedding_bag_backward<T>(b.genre_offsets, b.genres, s.genre_dim, d_in_.data(),
                            grad(grads, "genre_embedding"));

  T* d_title = d_movie_cat_.data() + 2 * H;
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < TF; ++j)
      d_title[i * MC + j] *= dropout_scale_[i * TF + j];
  }
  std::vector<T*> dw, db;
  for (size_t w : s.title_windows) {
    dw.push_back(grad(grads, title_conv_name(w, "weight").c_str()));
    db.push_back(grad(grads, title_conv_name(w, "bias").c_str()));
  }
  title_conv_backward(title_conv(params), n, tokens_.data(), argmax_.data(), d_title, MC, dw, db,
                      d_tokens_.data());
  embedding_backward<T>(b.title, s.token_dim, d_tokens_.data(), s.token_dim,
                        grad(grads, "token_embedding"));
}

template <class T>
T ModelPass<T>::backward(std::span<const T> params, const Batch& b, std::span<T> grads) {
  const size_t n = b.size();
  if (n == 0) return T(0);
  const T loss = mse_head_backward(head_params(params), n, user_feat_.data(), movie_feat_.data(),
                                   b.user.data(), b.movie.data(), b.rating.data(), pred_.data(),
                                   d_pred_.data(), d_user_feat_.data(), d_movie_feat_.data());
  backward_head(b, grads);
  backward_user(params, b, grads);
  backward_movie(params, b, grads);
  return loss / static_cast<T>(n);
}

template class ModelPass<float>;
template class ModelPass<double>;

}  // namespace cinerec::cpu
