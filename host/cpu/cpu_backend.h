// The multithreaded CPU backend: the numerical oracle for the CUDA kernels, and a trainer in its
// own right on machines without a GPU.
#pragma once

#include <memory>
#include <vector>

#include "host/backend/backend.h"
#include "host/cpu/deferred_adam.h"
#include "host/cpu/model_pass.h"

namespace cinerec::cpu {

class CpuBackend final : public Backend {
 public:
  // threads = 0: all hardware threads.
  CpuBackend(const ModelSpec& spec, const OptimizerSettings& optimizer, uint64_t seed, int threads);

  std::string device() const override { return "cpu"; }
  const ParamLayout& layout() const override { return wiring_.layout; }
  void set_state(const ModelState& state) override;
  ModelState state() override;
  void set_learning_rate(double lr) override { optimizer_.adam.lr = lr; }
  void bind_data(const Dataset& data) override { data_ = &data; }
  void begin_epoch(std::span<const uint32_t> train, uint64_t seed, uint64_t epoch) override;
  void train_step(size_t begin, size_t count, uint64_t step) override;
  double take_loss_sum() override;
  void predict(const Batch& batch, std::span<float> out) override;
  void tower_features(const Batch& batch, std::span<float> user_features,
                      std::span<float> movie_features) override;

 private:
  // Embedding rows the current batch touched, per embedding table.
  struct TouchedRows {
    const EmbeddingTable* table;
    size_t deferred_table;
    std::vector<uint32_t> rows;
    std::vector<uint8_t> marked;
  };
  void train_batch(const Batch& batch);
  void collect_touched_rows(const Batch& batch);
  void catch_up_touched_rows();
  void apply_weight_decay();
  void optimizer_step();
  void clear_gradients();

  ModelWiring wiring_;
  OptimizerSettings optimizer_;
  uint64_t seed_;
  ModelState state_;
  std::vector<float> grads_, predictions_;
  std::vector<TouchedRows> touched_;
  ModelPass<float> pass_;
  DeferredDenseAdam deferred_;
  double loss_sum_ = 0.0;
  const Dataset* data_ = nullptr;
  std::vector<uint32_t> order_;
  Batch batch_;
};

}  // namespace cinerec::cpu
