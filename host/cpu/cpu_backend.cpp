#include "host/cpu/cpu_backend.h"

#include <omp.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "host/cpu/epoch_order.h"
#include "host/cpu/gemm.h"
#include "host/model/ranking_batch.h"

namespace cinerec::cpu {

CpuBackend::CpuBackend(const ModelSpec& spec, const OptimizerSettings& optimizer, uint64_t seed,
                       int threads, Communicator& world, const RankingTerm& ranking)
    : world_(world),
      wiring_(spec),
      optimizer_(optimizer),
      seed_(seed),
      pass_(wiring_),
      ranking_(ranking) {
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

// The step's gradient is the sum of every rank's. Every rank computes the same sums in the same
// order, so the replicas stay bitwise equal.
void CpuBackend::sum_over_ranks() {
  if (world_.size() == 1) return;
  sum_dense_gradients();
  sum_embedding_gradients();
}

// The dense layers' gradients, packed into one buffer and all-reduced at once.
void CpuBackend::sum_dense_gradients() {
  dense_grads_.clear();
  for (const auto& e : wiring_.layout.entries()) {
    if (e.kind == ParamKind::kEmbedding) continue;
    const auto at = grads_.begin() + static_cast<ptrdiff_t>(e.offset);
    dense_grads_.insert(dense_grads_.end(), at, at + static_cast<ptrdiff_t>(e.size));
  }
  world_.sum(dense_grads_);
  auto from = dense_grads_.begin();
  for (const auto& e : wiring_.layout.entries()) {
    if (e.kind == ParamKind::kEmbedding) continue;
    std::copy_n(from, e.size, grads_.begin() + static_cast<ptrdiff_t>(e.offset));
    from += static_cast<ptrdiff_t>(e.size);
  }
}

// The embedding tables' gradients travel as the rows each rank touched instead of whole tables:
// a step touches a few hundred of 140,000 movie rows. One gather carries each rank's message
// [row count n][n (table, row) ids][n gradient rows]; each rank adds them up in rank order, and
// every rank then updates the union of the rows (bringing dense Adam's deferred rows it did not
// read up to date first).
void CpuBackend::sum_embedding_gradients() {
  std::vector<uint32_t>& ids = row_ids_;
  std::vector<float>& rows = row_grads_;
  ids.clear();
  rows.clear();
  for (uint32_t t = 0; t < touched_.size(); ++t) {
    const size_t dim = touched_[t].table->dim, offset = touched_[t].table->tensor.offset;
    for (uint32_t r : touched_[t].rows) {
      ids.insert(ids.end(), {t, r});
      float* row = grads_.data() + offset + size_t{r} * dim;
      rows.insert(rows.end(), row, row + dim);
      std::fill_n(row, dim, 0.0f);  // summed again below, in rank order
    }
  }
  const auto n = static_cast<uint32_t>(ids.size() / 2);
  row_message_.clear();
  for (const auto bytes : {std::as_bytes(std::span(&n, 1)), std::as_bytes(std::span(ids)),
                           std::as_bytes(std::span(rows))}) {
    row_message_.insert(row_message_.end(), bytes.begin(), bytes.end());
  }
  std::vector<size_t> counts;  // bytes per rank
  world_.gather_bytes(row_message_, row_messages_, counts);
  const std::vector<std::byte>& all = row_messages_;
  std::vector<std::vector<uint32_t>> others(touched_.size());  // rows only other ranks touched
  for (size_t rank = 0, at = 0; rank < counts.size(); at += counts[rank], ++rank) {
    uint32_t rank_rows = 0;
    const std::byte* part = all.data() + at;
    std::memcpy(&rank_rows, part, sizeof rank_rows);
    ids.resize(2 * size_t{rank_rows});
    std::memcpy(ids.data(), part + sizeof rank_rows, ids.size() * sizeof(uint32_t));
    const size_t ids_end = sizeof rank_rows + ids.size() * sizeof(uint32_t);
    rows.resize((counts[rank] - ids_end) / sizeof(float));
    std::memcpy(rows.data(), part + ids_end, rows.size() * sizeof(float));
    const float* from = rows.data();
    for (size_t i = 0; i < ids.size(); i += 2) {
      TouchedRows& t = touched_[ids[i]];
      const uint32_t r = ids[i + 1];
      if (!t.marked[r]) t.marked[r] = 1, t.rows.push_back(r), others[ids[i]].push_back(r);
      float* to = grads_.data() + t.table->tensor.offset + size_t{r} * t.table->dim;
      for (size_t k = 0; k < t.table->dim; ++k)
        to[k] += from[k];
      from += t.table->dim;
    }
  }
  if (optimizer_.rowwise_embeddings) return;
  for (size_t t = 0; t < touched_.size(); ++t) {
    deferred_.catch_up_rows(touched_[t].deferred_table, others[t], state_.params, state_.adam_m,
                            state_.adam_v);
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

void CpuBackend::bind_data(const Dataset& data) {
  data_ = &data;
  if (ranking_.active()) rated_ = rated_items(data, {Split::kTrain});
}

void CpuBackend::begin_epoch(std::span<const uint32_t> train, uint64_t seed, uint64_t epoch) {
  order_ = epoch_order(train, seed, epoch);
  epoch_ = epoch;
}

void CpuBackend::train_step(const StepSlice& s) {
  if (data_ == nullptr) throw std::logic_error("CpuBackend::train_step before bind_data");
  if (s.begin + s.count > order_.size()) throw std::out_of_range("train_step past the epoch's end");
  if (s.count == 0 && world_.size() == 1) return;
  gather_step(s);
  train_batch(batch_);
}

// A ranking term's groups are rows of the global batch too: this rank's rows start at group
// first_row, and the loss stays the mean over the global batch's ratings.
void CpuBackend::gather_step(const StepSlice& s) {
  const auto ratings = std::span(order_).subspan(s.begin, s.count);
  if (ranking_.active()) {
    gather_ranking_batch(*data_, ratings, s.step, ranking_, rated_, seed_, epoch_, batch_);
  } else {
    gather_batch(*data_, ratings, s.step, batch_);
  }
  batch_.first_row = s.first_row * ranking_.group();
  batch_.global_size = s.global_count;
}

void CpuBackend::train_batch(const Batch& batch) {
  collect_touched_rows(batch);
  catch_up_touched_rows();
  if (batch.size() > 0) {
    predictions_.resize(batch.size());
    pass_.forward(state_.params, batch, true, seed_, predictions_);
    const float loss = pass_.backward(state_.params, batch, grads_);
    loss_sum_ += static_cast<double>(loss) * static_cast<double>(batch.loss_rows());
  }
  sum_over_ranks();
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
