#include "host/cpu/cpu_backend.h"

#include <omp.h>

#include <algorithm>
#include <stdexcept>

#include "host/cpu/gemm.h"
#include "host/data/epoch_order.h"

namespace cinerec::cpu {
namespace {

// Which batch ids index each embedding table, resolved once per table.
std::vector<uint32_t> Batch::*batch_ids(const std::string& table) {
  if (table == "user_embedding" || table == "user_bias") return &Batch::user;
  if (table == "gender_embedding") return &Batch::gender;
  if (table == "age_embedding") return &Batch::age;
  if (table == "job_embedding") return &Batch::job;
  if (table == "movie_embedding" || table == "movie_bias") return &Batch::movie;
  if (table == "genre_embedding") return &Batch::genres;
  if (table == "token_embedding") return &Batch::title;
  throw std::logic_error("no batch ids for embedding table " + table);
}

}  // namespace

CpuBackend::CpuBackend(const ModelSpec& spec, const OptimizerSettings& optimizer, uint64_t seed,
                       int threads)
    : spec_(spec), layout_(spec_), optimizer_(optimizer), seed_(seed), pass_(spec_, layout_) {
  if (threads > 0) omp_set_num_threads(threads);
  // The GEMMs here are small (batch x <= 200): BLAS threads cost more than they bring and fight
  // OpenMP's threads for the cores, so BLAS stays single-threaded.
  set_blas_threads(1);
  state_.params.assign(layout_.total(), 0.0f);
  state_.adam_m.assign(layout_.total(), 0.0f);
  state_.adam_v.assign(layout_.total(), 0.0f);
  grads_.assign(layout_.total(), 0.0f);
  for (const auto& e : layout_.entries()) {
    if (e.kind != ParamKind::kEmbedding) continue;
    const size_t table = deferred_.add_table(e.offset, e.shape[0], e.size / e.shape[0]);
    touched_.push_back({&e, table, batch_ids(e.name), {}, std::vector<uint8_t>(e.shape[0], 0)});
  }
}

void CpuBackend::set_state(const ModelState& state) {
  for (const auto* v : {&state.params, &state.adam_m, &state.adam_v}) {
    if (v->size() != layout_.total()) {
      throw std::invalid_argument("model state has " + std::to_string(v->size()) +
                                  " values, the model needs " + std::to_string(layout_.total()));
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
    for (uint32_t r : batch.*(t.ids)) {
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
    const size_t dim = t.entry->size / t.entry->shape[0];
    for (uint32_t r : t.rows) {
      const size_t at = t.entry->offset + size_t{r} * dim;
      for (size_t i = at; i < at + dim; ++i)
        grads_[i] += wd * state_.params[i];
    }
  }
}

void CpuBackend::optimizer_step() {
  const AdamStep step(optimizer_.adam, ++state_.adam_step);
  std::span<float> p(state_.params), m(state_.adam_m), v(state_.adam_v);
  std::span<const float> g(grads_);
  for (const auto& e : layout_.entries()) {
    if (e.kind == ParamKind::kEmbedding) continue;
    adam_dense(p.subspan(e.offset, e.size), g.subspan(e.offset, e.size),
               m.subspan(e.offset, e.size), v.subspan(e.offset, e.size), step);
  }
  if (optimizer_.rowwise_embeddings) {
    for (const auto& t : touched_) {
      const ParamEntry& e = *t.entry;
      adam_rows(p.subspan(e.offset, e.size), g.subspan(e.offset, e.size),
                m.subspan(e.offset, e.size), v.subspan(e.offset, e.size), e.size / e.shape[0],
                t.rows, step);
    }
    return;
  }
  deferred_.begin_step(step);
  for (const auto& t : touched_)
    deferred_.step_rows(t.deferred_table, t.rows, p, g, m, v);
}

// Embedding gradients are zero outside the touched rows, so only those need clearing.
void CpuBackend::clear_gradients() {
  for (const auto& e : layout_.entries()) {
    if (e.kind != ParamKind::kEmbedding) std::fill_n(grads_.begin() + e.offset, e.size, 0.0f);
  }
  for (const auto& t : touched_) {
    const size_t dim = t.entry->size / t.entry->shape[0];
    for (uint32_t r : t.rows)
      std::fill_n(grads_.begin() + t.entry->offset + r * dim, dim, 0.0f);
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
  const size_t values = batch.size() * spec_.feature_dim;
  if (user_features.size() != values || movie_features.size() != values) {
    throw std::invalid_argument("tower_features needs batch x feature_dim outputs");
  }
  predictions_.resize(batch.size());
  predict(batch, predictions_);
  std::ranges::copy(pass_.user_features(), user_features.begin());
  std::ranges::copy(pass_.movie_features(), movie_features.begin());
}

}  // namespace cinerec::cpu
