// The multithreaded CPU backend: the numerical oracle for the CUDA kernels, and a trainer in its
// own right on machines without a GPU.
#pragma once

#include <memory>
#include <vector>

#include "host/backend/backend.h"
#include "host/comm/communicator.h"
#include "host/cpu/deferred_adam.h"
#include "host/cpu/model_pass.h"
#include "host/data/dataset/user_items.h"

namespace cinerec::cpu {

class CpuBackend final : public Backend {
 public:
  // threads = 0: all hardware threads. Every step's gradients are summed over `world`'s ranks.
  // An active `ranking` term trains each rating with movies sampled from its user's unrated ones.
  CpuBackend(const ModelSpec& spec, const OptimizerSettings& optimizer, uint64_t seed, int threads,
             Communicator& world = SingleProcess::instance(), const RankingTerm& ranking = {});

  std::string device() const override { return "cpu"; }
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
  // Embedding rows the current batch touched, per embedding table.
  struct TouchedRows {
    const EmbeddingTable* table;
    size_t deferred_table;
    std::vector<uint32_t> rows;
    std::vector<uint8_t> marked;
  };
  void gather_step(const StepSlice& slice);
  void train_batch(const Batch& batch);
  void collect_touched_rows(const Batch& batch);
  void sum_over_ranks();
  void sum_dense_gradients();
  void sum_embedding_gradients();
  void catch_up_touched_rows();
  void apply_weight_decay();
  void optimizer_step();
  void clear_gradients();

  Communicator& world_;
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
  uint64_t epoch_ = 0;
  RankingTerm ranking_;
  UserItems rated_;  // with a ranking term: each user's training movies, never sampled
  Batch batch_;
  // The exchange's buffers, kept between steps: the dense gradients packed, the touched rows'
  // ids and gradients (this rank's, then each rank's in turn), this rank's message and all.
  std::vector<float> dense_grads_, row_grads_;
  std::vector<uint32_t> row_ids_;
  std::vector<std::byte> row_message_, row_messages_;
};

}  // namespace cinerec::cpu
