#include "host/baselines/baseline_backend.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "host/cpu/adam.h"
#include "host/cpu/epoch_order.h"

namespace cinerec {

void BaselineBackend::allocate_state() {
  const size_t total = layout().total();
  state_.params.assign(total, 0.0f);
  state_.adam_m.assign(total, 0.0f);
  state_.adam_v.assign(total, 0.0f);
}

void BaselineBackend::set_state(const ModelState& state) {
  for (const auto* v : {&state.params, &state.adam_m, &state.adam_v}) {
    if (v->size() != layout().total()) {
      throw std::invalid_argument("model state has " + std::to_string(v->size()) +
                                  " values, the model needs " + std::to_string(layout().total()));
    }
  }
  state_ = state;
}

void BaselineBackend::begin_epoch(std::span<const uint32_t> train, uint64_t seed, uint64_t epoch) {
  order_ = epoch_order(train, seed, epoch);
  epoch_ = epoch;
}

void BaselineBackend::train_step(const StepSlice& s) {
  if (data_ == nullptr) throw std::logic_error("train_step before bind_data");
  if (s.begin + s.count > order_.size()) throw std::out_of_range("train_step past the epoch's end");
  if (s.first_row != 0 || (s.global_count != 0 && s.global_count != s.count))
    throw std::invalid_argument("a baseline trains in one process (no part of a global batch)");
  loss_sum_ += train_ratings(std::span(order_).subspan(s.begin, s.count));
  ++state_.adam_step;  // counts the steps, as the checkpoint records them (and Adam's)
}

double BaselineBackend::take_loss_sum() {
  const double sum = loss_sum_;
  loss_sum_ = 0.0;
  return sum;
}

float BaselineBackend::predict_rating(uint32_t user, uint32_t movie) const {
  const size_t dim = feature_dim();
  std::vector<float> u(dim), m(dim);
  user_vector(user, u.data());
  movie_vector(movie, m.data());
  float s = 0.0f;
  for (size_t k = 0; k < dim; ++k)
    s += u[k] * m[k];
  return s;
}

void BaselineBackend::refuse_vectors(const std::string& kind, const std::string& ranks_by) {
  throw std::invalid_argument("model.kind = \"" + kind +
                              "\" has no user and movie vectors: it ranks by " + ranks_by +
                              " (only eval, score and recommend --user work with it)");
}

void BaselineBackend::adam_step(std::vector<float>& grads, const AdamSettings& adam) {
  cpu::adam_dense(state_.params, grads, state_.adam_m, state_.adam_v,
                  AdamStep::at(adam, state_.adam_step + 1));
  std::ranges::fill(grads, 0.0f);
}

void BaselineBackend::predict(const Batch& batch, std::span<float> out) {
  if (out.size() != batch.size()) throw std::invalid_argument("predict needs one output per row");
  for (size_t i = 0; i < batch.size(); ++i)
    out[i] = predict_rating(batch.user[i], batch.movie[i]);
}

void BaselineBackend::tower_features(const Batch& batch, std::span<float> user_features,
                                     std::span<float> movie_features) {
  const size_t dim = feature_dim(), values = batch.size() * dim;
  if (user_features.size() != values || movie_features.size() != values)
    throw std::invalid_argument("tower_features needs batch x feature_dim outputs");
  for (size_t i = 0; i < batch.size(); ++i) {
    user_vector(batch.user[i], user_features.data() + i * dim);
    movie_vector(batch.movie[i], movie_features.data() + i * dim);
  }
}

}  // namespace cinerec
