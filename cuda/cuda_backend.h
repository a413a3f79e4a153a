// The CUDA backend: the same model and optimiser as the CPU backend, on one GPU. The dataset lives
// in device memory for the run and each epoch is ordered there; a training step (gather,
// forward, loss, backward, Adam) is a sequence of stream-ordered launches with no host
// synchronisation, captured once into a CUDA graph and replayed. The loss comes back only in
// take_loss_sum(). Gradients sit in one flat buffer: across ranks (one per GPU), NCCL sums it
// between backward and the optimiser, inside the captured graph (cuda/gradient_exchange.h).
#pragma once

#include <memory>
#include <utility>
#include <vector>

#include "cuda/cublas_handle.h"
#include "cuda/cuda_graph.h"
#include "cuda/device_batch.h"
#include "cuda/device_dataset.h"
#include "cuda/gradient_exchange.h"
#include "cuda/model_pass.h"
#include "cuda/stream.h"
#include "host/backend/backend.h"
#include "kernels/step_args.cuh"

namespace cinerec::cuda {

// Makes `ordinal` the current device, or throws naming the devices there are.
class DeviceSelection {
 public:
  explicit DeviceSelection(int ordinal);
  int ordinal() const { return ordinal_; }
  // Makes the device current again: the current device is per host thread, and other code (another
  // backend, the top-k scorer) may have changed it since.
  void make_current() const;

 private:
  int ordinal_;
};

class CudaBackend final : public Backend {
 public:
  // Throws std::invalid_argument for settings this backend cannot honour. With `ranks`, the
  // backend trains its part of each global batch and exchanges gradients over NCCL with the
  // other ranks' (a collective: NCCL is bootstrapped here; a world of one runs NCCL too, which
  // the GPU tests use); without, it trains whole batches alone.
  CudaBackend(int device, const ModelSpec& spec, const OptimizerSettings& optimizer,
              const CudaOptions& options, uint64_t seed, Communicator* ranks = nullptr);
  ~CudaBackend() override;  // frees its handles and buffers on its own device

  std::string device() const override;
  const ParamLayout& layout() const override { return wiring_.layout; }
  void set_state(const ModelState& state) override;
  ModelState state() override;
  void set_learning_rate(double lr) override { optimizer_.adam.lr = lr; }
  void bind_data(const Dataset& data) override;
  void begin_epoch(std::span<const uint32_t> train, uint64_t seed, uint64_t epoch) override;
  void train_step(const StepSlice& slice) override;
  double take_loss_sum() override;
  void predict(const Batch& batch, std::span<float> out) override;
  size_t feature_dim() const override { return wiring_.spec.feature_dim; }
  void tower_features(const Batch& batch, std::span<float> user_features,
                      std::span<float> movie_features) override;

 private:
  // A training step's rows on this rank and in the global batch: what a captured graph is for.
  struct StepShape {
    size_t rows = 0, global_rows = 0;
    bool operator==(const StepShape&) const = default;
  };
  void reserve(const StepShape& shape);
  void run_step(const StepShape& shape);
  void optimizer_step(const StepShape& shape);
  std::vector<TouchedRows> rows_to_update(const StepShape& shape);
  // Each table's row-list length in a rank's part of a global batch of this shape: the longest
  // part's, so the same on every rank.
  std::vector<size_t> padded_row_lists(const StepShape& shape) const;
  void wait_for_steps();
  void prepare_eval(const Batch& batch);

  DeviceSelection selection_;
  ModelWiring wiring_;
  std::vector<std::pair<size_t, size_t>> dense_runs_;  // (offset, size): row-wise Adam's dense part
  OptimizerSettings optimizer_;
  CudaOptions options_;
  uint64_t seed_;
  Stream stream_;
  CublasHandle cublas_;
  DeviceBuffer<float> params_, grads_, adam_m_, adam_v_;
  uint64_t adam_step_ = 0;
  DeviceBuffer<kernels::StepArgs> args_;
  DeviceBuffer<double> loss_sum_;
  std::unique_ptr<DeviceDataset> data_;
  DeviceBuffer<uint32_t> train_, order_;
  DeviceBuffer<uint64_t> order_keys_;
  size_t epoch_size_ = 0;
  DeviceBatchBuffers batch_, eval_batch_;
  ModelPass pass_, eval_pass_;
  std::unique_ptr<GradientExchange> exchange_;  // across ranks
  CudaGraph graph_;
  StepShape graph_shape_, last_shape_;  // graph_shape_: what graph_ holds ({}: nothing)
  DeviceBuffer<float> eval_out_;
};

}  // namespace cinerec::cuda
