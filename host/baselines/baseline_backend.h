// What the CPU baselines (docs/baselines.md) share as backends of the training loop: one flat
// parameter buffer in the model's layout, the epoch order of docs/model.md, and a training step
// that hands the step's ratings to the model, so the training loop gives them run directories,
// checkpoints, exact resume and per-epoch metrics as it gives the CNN. A baseline trains in one
// process on one thread. The Adam moments of ModelState stay zero unless the model uses Adam.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "host/backend/backend.h"

namespace cinerec {

class BaselineBackend : public Backend {
 public:
  std::string device() const override { return "cpu"; }
  void set_state(const ModelState& state) override;
  ModelState state() override { return state_; }
  // train.lr is the CNN's Adam rate; a baseline takes its own from its section.
  void set_learning_rate(double) override {}
  void bind_data(const Dataset& data) override { data_ = &data; }
  void begin_epoch(std::span<const uint32_t> train, uint64_t seed, uint64_t epoch) override;
  void train_step(const StepSlice& slice) override;
  double take_loss_sum() override;
  void predict(const Batch& batch, std::span<float> out) override;
  void tower_features(const Batch& batch, std::span<float> user_features,
                      std::span<float> movie_features) override;

 protected:
  // Sizes the state to layout(): the model's own description, which each baseline holds and
  // returns; so called at the end of its constructor.
  void allocate_state();
  // Trains on the step's ratings (dataset indices, in the epoch's order); returns their loss
  // summed (what take_loss_sum reports).
  virtual double train_ratings(std::span<const uint32_t> ratings) = 0;
  // The model's prediction; by default the dot product of its two vectors below.
  virtual float predict_rating(uint32_t user, uint32_t movie) const;
  // The tower features (feature_dim() values each), whose dot product is the ranking score.
  virtual void user_vector(uint32_t user, float* out) const = 0;
  virtual void movie_vector(uint32_t movie, float* out) const = 0;

  // What a model without tower features (one that ranks by its RowScorer) throws from
  // feature_dim and the vector methods: std::invalid_argument naming the kind and how it ranks.
  [[noreturn]] static void refuse_vectors(const std::string& kind, const std::string& ranks_by);

  // One Adam step (torch.optim.Adam's, dense) of every parameter with `grads`, which it zeroes.
  void adam_step(std::vector<float>& grads, const AdamSettings& adam);

  std::vector<float>& params() { return state_.params; }
  const std::vector<float>& params() const { return state_.params; }
  ModelState& mutable_state() { return state_; }
  const Dataset& data() const { return *data_; }
  uint64_t epoch() const { return epoch_; }

 private:
  ModelState state_;
  const Dataset* data_ = nullptr;
  std::vector<uint32_t> order_;
  uint64_t epoch_ = 0;
  double loss_sum_ = 0.0;
};

}  // namespace cinerec
