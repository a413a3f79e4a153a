#include "host/cpu/cpu_backend.h"

#include <omp.h>

#include <algorithm>
#include <stdexcept>

#include "host/cpu/epoch_order.h"
#include "host/cpu/gemm.h"

namespace cinerec::cpu {

CpuBackend::CpuBackend(const ModelSpec& spec, const OptimizerSettings& optimizer, uint64_t seed,
                       int threads)
    : wiring_(spec), optimizer_(optimizer), seed_(seed), pass_(wiring_) {
  if (threads > 0) omp_set_num_threads(threads);
  // The GEMMs here are small (batch x <= 200): BLAS threads cost more than they bring and fight
  // OpenMP's threads for the cores, so BLAS stays single-threaded.
  set_blas_threads(1);
  const size_t total = wiring_.layout.total();
  state_.params.assign(total, 0.0f);
  state_.adam_m.assign(total, 0.0f);
  state_.adam_v.assign(total, 0.0f);
  grads_.assign(total, 0.0f);
  for (const EmbeddingTable& t : wiring_.tables) {
    const size_t deferred = deferred_.add_table(t.tensor.offset, t.rows, t.dim);
    touched_.push_back({&t, deferred, {}, std::vector<uint8_t>(t.rows, 0)});
  }
}

void CpuBackend::set_state(const ModelState& state) {
  for (const auto* v : {&state.params, &state.adam_m, &state.adam_v}) {
    if (v->size() != wiring_.layout.total()) {
      throw std::invalid_argument("model state has " + std::to_string(v->size()) +
                                  " values, the model needs " +
                                  std::to_string(wiring_.layout.total()));
    }
  }
  state_ = state;
  deferred_.reset(state_.adam_step);
}

ModelState CpuBackend::state() {
  deferred_.flush(state_.params, state_.adam_m, state_.adam_v);
  return state_;
}

void CpuBackend::collect_touched_rows(const Batch& batch) {
  for (auto& t : touched_) {
    for (uint32_t r : t.rows)
      t.marked[r] = 0;
    t.rows.clear();
    for (uint32_t r : batch.ids(t.table->ids)) {
      if (!t.marked[r]) t.marked[r] = 1, t.rows.push_back(r);
    }
  }
}

// Dense Adam moves every row every step; the deferred rows a batch reads are brought up to date
// before the forward pass (and weight decay) see them.
void CpuBackend::catch_up_touched_rows() {
  if (optimizer_.rowwise_embeddings) return;
  for (const auto& t : touched_)
    deferred_.catch_up_rows(t.deferred_table, t.rows, state_.params, state_.adam_m, state_.adam_v);
}

// wd * p on the touched rows.
void CpuBackend::apply_weight_decay() {
  if (optimizer_.weight_decay == 0.0) return;
  const auto wd = static_cast<float>(optimizer_.weight_decay);
  for (const auto& t : touched_) {
    const size_t dim = t.table->dim;
    for (uint32_t r : t.rows) {
      const size_t at = t.table->tensor.offset + size_t{r} * dim;
      for (size_t i = at; i < at + dim; ++i)
        grads_[i] += wd * state_.params[i];
    }
  }
}

void CpuBackend::optimizer_step() {
  const AdamStep step = AdamStep::at(optimizer_.adam, ++state_.adam_step);
  std::span<float> p(state_.params), m(state_.adam_m), v(state_.adam_v);
  std::span<const float> g(grads_);
  for (const auto& e : wiring_.layout.entries()) {
    if (e.kind == ParamKind::kEmbedding) continue;
    adam_dense(p.subspan(e.offset, e.size), g.subspan(e.offset, e.size),
               m.subspan(e.offset, e.size), v.subspan(e.offset, e.size), step);
  }
  if (optimizer_.rowwise_embeddings) {
    for (const auto& t : touched_) {
      const TensorRef& e = t.table->tensor;
      adam_rows(e.in(p), e.in(g), e.in(m), e.in(v), t.table->dim, t.rows, step);
    }
    return;
  }
  deferred_.begin_step(step);
  for (const auto& t : touched_)
    deferred_.step_rows(t.deferred_table, t.rows, p, g, m, v);
}

// Embedding gradients are zero outside the touched rows, so only those need clearing.
void CpuBackend::clear_gradients() {
  for (const auto& e : wiring_.layout.entries()) {
    if (e.kind != ParamKind::kEmbedding) std::fill_n(grads_.begin() + e.offset, e.size, 0.0f);
  }
  for (const auto& t : touched_) {
    const size_t dim = t.table->dim;
    for (uint32_t r : t.rows)
      std::fill_n(grads_.begin() + t.table->tensor.offset + r * dim, dim, 0.0f);
  }
}

void CpuBackend::begin_epoch(std::span<const uint32_t> train, uint64_t seed, uint64_t epoch) {
  order_ = epoch_order(train, seed, epoch);
}

void CpuBackend::train_step(size_t begin, size_t count, uint64_t step) {
  if (data_ == nullptr) throw std::logic_error("CpuBackend::train_step before bind_data");
  if (begin + count > order_.size()) throw std::out_of_range("train_step past the epoch's end");
  if (count == 0) return;
  gather_batch(*data_, std::span(order_).subspan(begin, count), step, batch_);
  train_batch(batch_);
}

void CpuBackend::train_batch(const Batch& batch) {
  collect_touched_rows(batch);
  catch_up_touched_rows();
  predictions_.resize(batch.size());
  pass_.forward(state_.params, batch, true, seed_, predictions_);
  const float loss = pass_.backward(state_.params, batch, grads_);
  loss_sum_ += static_cast<double>(loss) * static_cast<double>(batch.size());
  apply_weight_decay();
  optimizer_step();
  clear_gradients();
}

double CpuBackend::take_loss_sum() {
  const double sum = loss_sum_;
  loss_sum_ = 0.0;
  return sum;
}

void CpuBackend::predict(const Batch& batch, std::span<float> out) {
  deferred_.flush(state_.params, state_.adam_m, state_.adam_v);
  pass_.forward(state_.params, batch, false, seed_, out);
}

void CpuBackend::tower_features(const Batch& batch, std::span<float> user_features,
                                std::span<float> movie_features) {
  const size_t values = batch.size() * wiring_.spec.feature_dim;
  if (user_features.size() != values || movie_features.size() != values) {
    throw std::invalid_argument("tower_features needs batch x feature_dim outputs");
  }
  predictions_.resize(batch.size());
  predict(batch, predictions_);
  std::ranges::copy(pass_.user_features(), user_features.begin());
  std::ranges::copy(pass_.movie_features(), movie_features.begin());
}

}  // namespace cinerec::cpu
