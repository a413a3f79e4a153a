#include "cuda/cuda_backend.h"

#include <stdexcept>
#include <string>

#include "kernels/adam.cuh"
#include "kernels/epoch_order.cuh"

namespace cinerec::cuda {
namespace {

template <class T>
void upload(DeviceBuffer<T>& to, const std::vector<T>& from, cudaStream_t stream) {
  if (to.size() != from.size()) to = DeviceBuffer<T>(from.size());
  copy_to_device(to.data(), from.data(), from.size(), stream);
  CINEREC_CUDA_CHECK(cudaStreamSynchronize(stream));
}

template <class T>
void download(std::span<T> to, const T* from, cudaStream_t stream) {
  copy_to_host(to.data(), from, to.size(), stream);
  CINEREC_CUDA_CHECK(cudaStreamSynchronize(stream));
}

// The non-embedding parameters as runs of consecutive layout entries (offset, size), padding
// between them included (zero in p, g, m and v, so Adam leaves it zero): one dense Adam launch
// per run instead of one per tensor.
std::vector<std::pair<size_t, size_t>> dense_runs(const ParamLayout& layout) {
  std::vector<std::pair<size_t, size_t>> runs;
  bool extends = false;  // the previous entry was dense too
  for (const ParamEntry& e : layout.entries()) {
    const bool dense = e.kind != ParamKind::kEmbedding;
    if (dense && extends) {
      runs.back().second = e.offset + e.size - runs.back().first;
    } else if (dense) {
      runs.emplace_back(e.offset, e.size);
    }
    extends = dense;
  }
  return runs;
}

void check_options(const OptimizerSettings& optimizer, const CudaOptions& options) {
  if (options.atomic_embedding_backward &&
      (optimizer.rowwise_embeddings || optimizer.weight_decay != 0.0)) {
    throw std::invalid_argument(
        "train.embedding_backward = \"atomic\" works with dense Adam and no weight decay only "
        "(row-wise Adam and weight decay need the sorted rows of the deterministic backward)");
  }
}

}  // namespace

DeviceSelection::DeviceSelection(int ordinal) : ordinal_(ordinal) {
  int count = 0;
  const cudaError_t err = cudaGetDeviceCount(&count);
  if (err != cudaSuccess || ordinal < 0 || ordinal >= count) {
    cudaGetLastError();
    throw std::invalid_argument("no CUDA device cuda:" + std::to_string(ordinal) + " (" +
                                (err != cudaSuccess ? std::string(cudaGetErrorString(err))
                                                    : "this machine has " + std::to_string(count)) +
                                "); `cinerec devices` lists them");
  }
  make_current();
}

void DeviceSelection::make_current() const {
  CINEREC_CUDA_CHECK(cudaSetDevice(ordinal_));
}

CudaBackend::CudaBackend(int device, const ModelSpec& spec, const OptimizerSettings& optimizer,
                         const CudaOptions& options, uint64_t seed, Communicator* ranks)
    : selection_(device),
      wiring_(spec),
      dense_runs_(dense_runs(wiring_.layout)),
      optimizer_(optimizer),
      options_(options),
      seed_(seed),
      cublas_(stream_.get()),
      params_(wiring_.layout.total()),
      grads_(wiring_.layout.total()),
      adam_m_(wiring_.layout.total()),
      adam_v_(wiring_.layout.total()),
      args_(1),
      loss_sum_(1),
      pass_(wiring_, options_, seed_, stream_.get(), cublas_.get()),
      eval_pass_(wiring_, options_, seed_, stream_.get(), cublas_.get()),
      exchange_(ranks != nullptr ? std::make_unique<GradientExchange>(*ranks) : nullptr) {
  check_options(optimizer_, options_);
  CINEREC_CUDA_CHECK(
      cudaMemsetAsync(grads_.data(), 0, grads_.size() * sizeof(float), stream_.get()));
  CINEREC_CUDA_CHECK(cudaMemsetAsync(loss_sum_.data(), 0, sizeof(double), stream_.get()));
  for (auto* b : {&params_, &adam_m_, &adam_v_}) {
    CINEREC_CUDA_CHECK(cudaMemsetAsync(b->data(), 0, b->size() * sizeof(float), stream_.get()));
  }
  stream_.synchronize();
}

CudaBackend::~CudaBackend() {
  cudaSetDevice(selection_.ordinal());  // no throwing from a destructor
}

std::string CudaBackend::device() const {
  return "cuda:" + std::to_string(selection_.ordinal());
}

void CudaBackend::set_state(const ModelState& state) {
  selection_.make_current();
  wait_for_steps();
  for (const auto* v : {&state.params, &state.adam_m, &state.adam_v}) {
    if (v->size() != wiring_.layout.total()) {
      throw std::invalid_argument("model state has " + std::to_string(v->size()) +
                                  " values, the model needs " +
                                  std::to_string(wiring_.layout.total()));
    }
  }
  upload(params_, state.params, stream_.get());
  upload(adam_m_, state.adam_m, stream_.get());
  upload(adam_v_, state.adam_v, stream_.get());
  adam_step_ = state.adam_step;
}

ModelState CudaBackend::state() {
  selection_.make_current();
  wait_for_steps();
  ModelState s;
  s.params.resize(wiring_.layout.total());
  s.adam_m.resize(wiring_.layout.total());
  s.adam_v.resize(wiring_.layout.total());
  download(std::span(s.params), params_.data(), stream_.get());
  download(std::span(s.adam_m), adam_m_.data(), stream_.get());
  download(std::span(s.adam_v), adam_v_.data(), stream_.get());
  s.adam_step = adam_step_;
  return s;
}

void CudaBackend::bind_data(const Dataset& data) {
  selection_.make_current();
  wait_for_steps();
  data_ = std::make_unique<DeviceDataset>(data);
  graph_shape_ = {};  // the captured step read the old dataset
}

void CudaBackend::begin_epoch(std::span<const uint32_t> train, uint64_t seed, uint64_t epoch) {
  selection_.make_current();
  wait_for_steps();
  upload(train_, std::vector<uint32_t>(train.begin(), train.end()), stream_.get());
  if (order_.size() != train.size())
    order_ = DeviceBuffer<uint32_t>(train.size()), graph_shape_ = {};
  kernels::epoch_order(train_.data(), train.size(), seed, epoch, order_.data(), order_keys_,
                       stream_.get());
  epoch_size_ = train.size();
}

void CudaBackend::reserve(const StepShape& shape) {
  const bool batch_moved = batch_.reserve(shape.rows, data_->genre_width(), wiring_.spec.title_len);
  const bool pass_moved = pass_.reserve(shape.rows, data_->genre_width());
  const bool by_rows = optimizer_.rowwise_embeddings || optimizer_.weight_decay != 0.0;
  const bool exchange_moved = exchange_ && by_rows && exchange_->reserve(padded_row_lists(shape));
  // A captured step used the old buffers.
  if (batch_moved || pass_moved || exchange_moved) graph_shape_ = {};
}

std::vector<size_t> CudaBackend::padded_row_lists(const StepShape& shape) const {
  const size_t ranks = static_cast<size_t>(exchange_->size());
  const size_t longest = (shape.global_rows + ranks - 1) / ranks;
  std::vector<size_t> padded;
  for (const TouchedRows& t : pass_.touched_rows(batch_, longest))
    padded.push_back(t.count);
  return padded;
}

void CudaBackend::train_step(const StepSlice& slice) {
  const auto [begin, count, step, first_row, global_count] = slice;
  selection_.make_current();
  if (data_ == nullptr) throw std::logic_error("CudaBackend::train_step before bind_data");
  const StepShape shape{count, global_count != 0 ? global_count : count};
  if (!exchange_ && (first_row != 0 || shape.global_rows != count)) {
    throw std::invalid_argument(
        "CudaBackend: a part of a global batch, but no ranks to exchange gradients with");
  }
  if (begin + count > epoch_size_) throw std::out_of_range("train_step past the epoch's end");
  // A rank with no rows in this step still takes part in its collectives.
  if (count == 0 && !exchange_) return;
  reserve(shape);
  const AdamStep adam = AdamStep::at(optimizer_.adam, ++adam_step_);
  kernels::write_step_args(args_.data(), {begin, step, adam, first_row, shape.global_rows},
                           stream_.get());
  if (!options_.graphs) {
    run_step(shape);
  } else if (graph_shape_ == shape) {
    graph_.launch(stream_.get());
  } else if (last_shape_ == shape) {
    // The second step of this shape: the first ran eagerly (cuBLAS and module loading warm).
    graph_.capture(stream_.get(), [&] { run_step(shape); });
    graph_shape_ = shape;
    graph_.launch(stream_.get());
  } else {
    run_step(shape);
  }
  last_shape_ = shape;
  if (exchange_) exchange_->check();
}

void CudaBackend::run_step(const StepShape& shape) {
  kernels::StepArgs* args = args_.data();
  if (shape.rows > 0) {
    kernels::gather_batch(data_->view(), order_.data(), &args->begin, shape.rows, batch_.view(),
                          stream_.get());
    pass_.forward(params_.data(), batch_, shape.rows, true, args);
    pass_.backward(params_.data(), batch_, shape.rows, args, grads_.data(), loss_sum_.data());
  }
  if (exchange_) exchange_->sum(grads_.data(), grads_.size(), stream_.get());
  optimizer_step(shape);
  CINEREC_CUDA_CHECK(
      cudaMemsetAsync(grads_.data(), 0, grads_.size() * sizeof(float), stream_.get()));
}

// The embedding rows that row-wise Adam and weight decay visit: this rank's touched rows, or
// across ranks the union of every rank's (the same on every rank).
std::vector<TouchedRows> CudaBackend::rows_to_update(const StepShape& shape) {
  std::vector<TouchedRows> mine = pass_.touched_rows(batch_, shape.rows);
  if (!exchange_) return mine;
  return exchange_->union_of(mine, padded_row_lists(shape), stream_.get());
}

void CudaBackend::optimizer_step(const StepShape& shape) {
  const AdamStep* adam = &args_.data()->adam;
  float *p = params_.data(), *g = grads_.data(), *m = adam_m_.data(), *v = adam_v_.data();
  const bool by_rows = optimizer_.rowwise_embeddings || optimizer_.weight_decay != 0.0;
  const auto touched = by_rows ? rows_to_update(shape) : std::vector<TouchedRows>{};
  for (const TouchedRows& t : touched) {
    if (optimizer_.weight_decay == 0.0) break;
    const size_t at = t.table->tensor.offset, dim = t.table->dim;
    kernels::add_row_weight_decay(g + at, p + at, dim, t.rows, t.count,
                                  static_cast<float>(optimizer_.weight_decay), stream_.get());
  }
  if (!optimizer_.rowwise_embeddings) {
    kernels::adam_dense(p, g, m, v, wiring_.layout.total(), adam, stream_.get());
    return;
  }
  for (const auto& [at, size] : dense_runs_) {
    kernels::adam_dense(p + at, g + at, m + at, v + at, size, adam, stream_.get());
  }
  for (const TouchedRows& t : touched) {
    const size_t at = t.table->tensor.offset, dim = t.table->dim;
    kernels::adam_rows(p + at, g + at, m + at, v + at, dim, t.rows, t.count, adam, stream_.get());
  }
}

// Before a host synchronisation (a download, an upload, a buffer freed): across ranks, a wait
// that notices a lost peer instead of hanging in it.
void CudaBackend::wait_for_steps() {
  if (exchange_) exchange_->synchronize(stream_.get());
}

double CudaBackend::take_loss_sum() {
  selection_.make_current();
  wait_for_steps();
  double sum = 0.0;
  download(std::span(&sum, 1), loss_sum_.data(), stream_.get());
  CINEREC_CUDA_CHECK(cudaMemsetAsync(loss_sum_.data(), 0, sizeof(double), stream_.get()));
  return sum;
}

void CudaBackend::prepare_eval(const Batch& batch) {
  selection_.make_current();
  eval_batch_.upload(batch, stream_.get());
  eval_pass_.reserve(batch.size(), eval_batch_.genre_width());
}

void CudaBackend::predict(const Batch& batch, std::span<float> out) {
  if (out.size() != batch.size()) throw std::invalid_argument("predict: output size mismatch");
  prepare_eval(batch);
  if (eval_out_.size() < batch.size()) eval_out_ = DeviceBuffer<float>(batch.size());
  eval_pass_.predict(params_.data(), eval_batch_, batch.size(), eval_out_.data());
  download(out, eval_out_.data(), stream_.get());
}

void CudaBackend::tower_features(const Batch& batch, std::span<float> user_features,
                                 std::span<float> movie_features) {
  const size_t n = batch.size() * wiring_.spec.feature_dim;
  if (user_features.size() != n || movie_features.size() != n) {
    throw std::invalid_argument("tower_features: output size mismatch");
  }
  prepare_eval(batch);
  eval_pass_.forward(params_.data(), eval_batch_, batch.size(), false, nullptr);
  download(user_features, eval_pass_.user_features(), stream_.get());
  download(movie_features, eval_pass_.movie_features(), stream_.get());
}

}  // namespace cinerec::cuda
