#include "host/cpu/model_pass.h"

#include <algorithm>
#include <stdexcept>

#include "host/cpu/embedding_bag.h"
#include "host/cpu/mse_head.h"
#include "host_device/determinism.h"

namespace cinerec::cpu {
namespace {

template <class T>
Dense<T> dense(std::span<const T> params, const DenseLayer& l, Activation act) {
  return {l.in, l.out, l.weight.in(params.data()), l.bias.in(params.data()), act};
}

// A table's rows for the batch: out[i] is row i's lookup, or its bag's sum.
template <class T>
void gather(const EmbeddingTable& t, std::span<const T> params, const Batch& b, T* out) {
  const T* table = t.tensor.in(params.data());
  if (t.bags == Bags::kGenreBag) {
    embedding_bag_forward(table, t.dim, b.genre_offsets, b.ids(t.ids), out);
  } else {
    embedding_forward(table, t.dim, b.ids(t.ids), out, t.dim);
  }
}

// The gradient of those rows, d [rows, dim], into the table's.
template <class T>
void scatter(const EmbeddingTable& t, const Batch& b, const T* d, std::span<T> grads) {
  T* dtable = t.tensor.in(grads.data());
  if (t.bags == Bags::kGenreBag) {
    embedding_bag_backward<T>(b.genre_offsets, b.ids(t.ids), t.dim, d, dtable);
  } else {
    embedding_backward<T>(b.ids(t.ids), t.dim, d, t.dim, dtable);
  }
}

}  // namespace

template <class T>
ModelPass<T>::ModelPass(const ModelWiring& wiring) : wiring_(wiring) {}

template <class T>
TitleConv<T> ModelPass<T>::title_conv(std::span<const T> params) const {
  const ModelSpec& s = wiring_.spec;
  TitleConv<T> c{s.title_len, s.token_dim, s.title_filters, {}, {}, {}};
  for (const ConvWindow& w : wiring_.title.windows) {
    c.windows.push_back(w.width);
    c.weights.push_back(w.weight.in(params.data()));
    c.biases.push_back(w.bias.in(params.data()));
  }
  return c;
}

template <class T>
HeadParams<T> ModelPass<T>::head_params(std::span<const T> params) const {
  const HeadWiring& h = wiring_.head;
  HeadParams<T> p{wiring_.spec.head, wiring_.spec.feature_dim};
  if (h.fc) p.weight = h.fc->weight.in(params.data()), p.bias = h.fc->bias.in(params.data());
  if (h.global_bias) {
    p.user_bias = wiring_.tables[*h.user_bias].tensor.in(params.data());
    p.movie_bias = wiring_.tables[*h.movie_bias].tensor.in(params.data());
    p.global_bias = h.global_bias->in(params.data());
  }
  if (h.ranking_bias) p.ranking_bias = wiring_.tables[*h.ranking_bias].tensor.in(params.data());
  return p;
}

template <class T>
void ModelPass<T>::resize(size_t b) {
  batch_ = b;
  const ModelSpec& s = wiring_.spec;
  size_t widest_input = 0;
  for (auto [inputs, tower] :
       {std::pair{&wiring_.user_inputs, &user_}, std::pair{&wiring_.movie_inputs, &movie_}}) {
    tower->rows.resize(inputs->size());
    for (size_t i = 0; i < inputs->size(); ++i) {
      const size_t dim = wiring_.tables[(*inputs)[i].table].dim;
      tower->rows[i].resize(b * dim);
      widest_input = std::max(widest_input, dim);
    }
    for (auto* v : {&tower->feat, &tower->d_feat})
      v->resize(b * s.feature_dim);
  }
  for (auto* v : {&user_.cat, &user_.d_cat})
    v->resize(b * s.user_concat());
  for (auto* v : {&movie_.cat, &movie_.d_cat})
    v->resize(b * s.movie_concat());
  tokens_.resize(b * s.title_len * s.token_dim);
  d_tokens_.resize(tokens_.size());
  dropout_scale_.resize(b * s.title_features());
  argmax_.resize(b * s.title_features());
  pred_.resize(b);
  d_pred_.resize(b);
  d_score_.resize(b);
  d_in_.resize(b * widest_input);
}

template <class T>
size_t ModelPass<T>::activation_bytes() const {
  size_t values = 0;
  for (const Tower* tower : {&user_, &movie_}) {
    for (const auto& rows : tower->rows)
      values += rows.capacity();
    for (const auto* v : {&tower->cat, &tower->feat, &tower->d_cat, &tower->d_feat})
      values += v->capacity();
  }
  for (const auto* v : {&tokens_, &d_tokens_, &dropout_scale_, &conv_scratch_, &pred_, &d_pred_,
                        &d_score_, &d_in_}) {
    values += v->capacity();
  }
  return values * sizeof(T) + argmax_.capacity() * sizeof(int32_t);
}

template <class T>
void ModelPass<T>::forward_inputs(std::span<const T> params, const Batch& b,
                                  const std::vector<TowerInput>& inputs, Tower& tower,
                                  size_t ld_cat) {
  for (size_t i = 0; i < inputs.size(); ++i) {
    const TowerInput& in = inputs[i];
    gather(wiring_.tables[in.table], params, b, tower.rows[i].data());
    dense_forward(dense(params, in.fc, Activation::kRelu), b.size(), tower.rows[i].data(), in.fc.in,
                  tower.cat.data() + in.slot, ld_cat);
  }
}

template <class T>
void ModelPass<T>::forward_title(std::span<const T> params, const Batch& b, bool train,
                                 uint64_t seed) {
  const ModelSpec& s = wiring_.spec;
  const size_t n = b.size(), MC = s.movie_concat(), TF = s.title_features();
  gather(wiring_.tables[wiring_.title.table], params, b, tokens_.data());
  T* title = movie_.cat.data() + wiring_.title.slot;
  title_conv_forward(title_conv(params), n, tokens_.data(), title, MC, argmax_.data(),
                     conv_scratch_);
  const uint32_t threshold = dropout_threshold(s.dropout);
  const T keep_scale = dropout_keep_scale<T>(s.dropout);
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < TF; ++j) {
      const bool keep = !train || s.dropout == 0.0 ||
                        dropout_keep(seed, b.step, b.first_row + i, j, TF, threshold);
      const T scale = !train ? T(1) : (keep ? keep_scale : T(0));
      dropout_scale_[i * TF + j] = scale;
      title[i * MC + j] *= scale;
    }
  }
}

template <class T>
void ModelPass<T>::forward(std::span<const T> params, const Batch& b, bool train, uint64_t seed,
                           std::span<T> pred) {
  const ModelSpec& s = wiring_.spec;
  const size_t n = b.size(), F = s.feature_dim;
  resize(n);
  forward_inputs(params, b, wiring_.user_inputs, user_, s.user_concat());
  dense_forward(dense(params, wiring_.user_fc, Activation::kTanh), n, user_.cat.data(),
                s.user_concat(), user_.feat.data(), F);
  forward_inputs(params, b, wiring_.movie_inputs, movie_, s.movie_concat());
  forward_title(params, b, train, seed);
  dense_forward(dense(params, wiring_.movie_fc, Activation::kTanh), n, movie_.cat.data(),
                s.movie_concat(), movie_.feat.data(), F);
  head_forward(head_params(params), n, user_.feat.data(), movie_.feat.data(), b.user.data(),
               b.movie.data(), pred.data());
}

// Gradients of the head's own parameters, from d_pred (the ranking bias's from d_score).
template <class T>
void ModelPass<T>::backward_head(const Batch& b, std::span<T> grads) {
  const HeadWiring& h = wiring_.head;
  const size_t n = b.size(), F = wiring_.spec.feature_dim;
  if (h.fc) {
    T* dw = h.fc->weight.in(grads.data());
    for (size_t i = 0; i < n; ++i) {
      for (size_t k = 0; k < F; ++k)
        dw[k] += d_pred_[i] * user_.feat[i * F + k],
            dw[F + k] += d_pred_[i] * movie_.feat[i * F + k];
      *h.fc->bias.in(grads.data()) += d_pred_[i];
    }
  }
  if (h.ranking_bias) {
    const EmbeddingTable& t = wiring_.tables[*h.ranking_bias];
    embedding_backward<T>(b.ids(t.ids), 1, d_score_.data(), 1, t.tensor.in(grads.data()));
  }
  if (!h.global_bias) return;
  for (const size_t table : {*h.user_bias, *h.movie_bias}) {
    const EmbeddingTable& t = wiring_.tables[table];
    embedding_backward<T>(b.ids(t.ids), 1, d_pred_.data(), 1, t.tensor.in(grads.data()));
  }
  for (size_t i = 0; i < n; ++i)
    *h.global_bias->in(grads.data()) += d_pred_[i];
}

// The tower's d_cat holds the gradient of its concatenation.
template <class T>
void ModelPass<T>::backward_inputs(std::span<const T> params, const Batch& b,
                                   const std::vector<TowerInput>& inputs, Tower& tower,
                                   size_t ld_cat, std::span<T> grads) {
  for (size_t i = 0; i < inputs.size(); ++i) {
    const TowerInput& in = inputs[i];
    dense_backward(dense(params, in.fc, Activation::kRelu), b.size(), tower.rows[i].data(),
                   in.fc.in, tower.cat.data() + in.slot, ld_cat, tower.d_cat.data() + in.slot,
                   ld_cat, in.fc.weight.in(grads.data()), in.fc.bias.in(grads.data()), d_in_.data(),
                   in.fc.in);
    scatter(wiring_.tables[in.table], b, d_in_.data(), grads);
  }
}

template <class T>
void ModelPass<T>::backward_title(std::span<const T> params, const Batch& b, std::span<T> grads) {
  const ModelSpec& s = wiring_.spec;
  const size_t n = b.size(), MC = s.movie_concat(), TF = s.title_features();
  T* d_title = movie_.d_cat.data() + wiring_.title.slot;
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < TF; ++j)
      d_title[i * MC + j] *= dropout_scale_[i * TF + j];
  }
  std::vector<T*> dw, db;
  for (const ConvWindow& w : wiring_.title.windows) {
    dw.push_back(w.weight.in(grads.data()));
    db.push_back(w.bias.in(grads.data()));
  }
  title_conv_backward(title_conv(params), n, tokens_.data(), argmax_.data(), d_title, MC, dw, db,
                      d_tokens_.data());
  scatter(wiring_.tables[wiring_.title.table], b, d_tokens_.data(), grads);
}

template <class T>
T ModelPass<T>::backward(std::span<const T> params, const Batch& b, std::span<T> grads) {
  const ModelSpec& s = wiring_.spec;
  const size_t n = b.size(), F = s.feature_dim;
  if (n == 0) return T(0);
  if (b.ranking.active() && (b.weight.size() != n || n % b.ranking.group() != 0)) {
    throw std::invalid_argument("a ranking batch needs whole groups and a weight per row");
  }
  const T loss = mse_head_backward(
      head_params(params), n, user_.feat.data(), movie_.feat.data(), b.user.data(), b.movie.data(),
      b.rating.data(), pred_.data(), d_pred_.data(), user_.d_feat.data(), movie_.d_feat.data(),
      b.loss_rows(), b.ranking, b.ranking.active() ? b.weight.data() : nullptr,
      wiring_.head.ranking_bias ? d_score_.data() : nullptr);
  backward_head(b, grads);
  // The towers' d_feat already hold d(pre-tanh) (mse_head_backward).
  const auto top = [&](const DenseLayer& fc, Tower& tower, size_t ld_cat) {
    dense_backward(dense(params, fc, Activation::kNone), n, tower.cat.data(), ld_cat,
                   tower.feat.data(), F, tower.d_feat.data(), F, fc.weight.in(grads.data()),
                   fc.bias.in(grads.data()), tower.d_cat.data(), ld_cat);
  };
  top(wiring_.user_fc, user_, s.user_concat());
  backward_inputs(params, b, wiring_.user_inputs, user_, s.user_concat(), grads);
  top(wiring_.movie_fc, movie_, s.movie_concat());
  backward_inputs(params, b, wiring_.movie_inputs, movie_, s.movie_concat(), grads);
  backward_title(params, b, grads);
  return loss / static_cast<T>(b.loss_rows());
}

template class ModelPass<float>;
template class ModelPass<double>;

}  // namespace cinerec::cpu
