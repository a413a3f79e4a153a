// What the training loop, checkpoints and evaluation see of a compute backend (CPU or CUDA):
// parameters and Adam moments move in and out as flat host buffers in ParamLayout order, batches
// go in, losses and predictions come out. The loop never knows which backend runs.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "host/cpu/adam.h"
#include "host/model/batch.h"
#include "host/model/model_spec.h"
#include "host/model/param_layout.h"

namespace cinerec {

struct OptimizerSettings {
  cpu::AdamHyper adam;
  bool rowwise_embeddings = false;  // lazy Adam on embedding tables
  double weight_decay = 0.0;        // L2 on the embedding rows a batch touches
};

// Everything a checkpoint holds of the model and its optimiser.
struct ModelState {
  std::vector<float> params, adam_m, adam_v;  // ParamLayout order
  uint64_t adam_step = 0;                     // steps taken (Adam's t)
};

class Backend {
 public:
  virtual ~Backend() = default;
  virtual std::string device() const = 0;
  virtual const ParamLayout& layout() const = 0;

  virtual void set_state(const ModelState& state) = 0;
  virtual ModelState state() = 0;
  virtual void set_learning_rate(double lr) = 0;

  // Forward, backward and Adam on one batch (dropout mask of (seed, batch.step)).
  virtual void train_step(const Batch& batch) = 0;
  // Sum over samples of the squared error since the last call, then reset. The only point
  // where a device backend synchronises, so call it at logging points only.
  virtual double take_loss_sum() = 0;

  // Predicted ratings (no dropout).
  virtual void predict(const Batch& batch, std::span<float> out) = 0;
  // Eval-mode tower outputs for the batch's (user, movie) rows: u and m, [batch.size(),
  // feature_dim] each.
  virtual void tower_features(const Batch& batch, std::span<float> user_features,
                              std::span<float> movie_features) = 0;
};

}  // namespace cinerec
