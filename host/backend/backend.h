// What the training loop, checkpoints and evaluation see of a compute backend (CPU or CUDA):
// parameters and Adam moments move in and out as flat host buffers in ParamLayout order; the
// backend holds the dataset for the run (a device backend in device memory) and trains on slices
// of each epoch's order, exchanging gradients with the other ranks of a data-parallel job over a
// Communicator; losses (this rank's) and predictions come out. The loop never knows which backend
// runs.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "host/backend/optimizer_settings.h"
#include "host/backend/row_scorer.h"
#include "host/data/dataset/dataset.h"
#include "host/model/batch.h"
#include "host/model/model_spec.h"
#include "host/model/param_layout.h"

namespace cinerec {

// Everything a checkpoint holds of the model and its optimiser.
struct ModelState {
  std::vector<float> params, adam_m, adam_v;  // ParamLayout order
  uint64_t adam_step = 0;                     // steps taken (Adam's t)
};

// One training step, or one rank's part of it: positions [begin, begin + count) of the epoch's
// order, which are rows [first_row, first_row + count) of a global batch of global_count ratings
// (0: the step is these rows alone). The step's update uses the whole global batch's gradient.
struct StepSlice {
  size_t begin = 0, count = 0;
  uint64_t step = 0;  // global step: selects the dropout mask
  size_t first_row = 0, global_count = 0;
};

class Backend {
 public:
  virtual ~Backend() = default;
  virtual std::string device() const = 0;
  virtual const ParamLayout& layout() const = 0;

  virtual void set_state(const ModelState& state) = 0;
  virtual ModelState state() = 0;
  virtual void set_learning_rate(double lr) = 0;

  // The dataset training draws from; it must outlive the backend's use of it.
  virtual void bind_data(const Dataset& data) = 0;
  // What predictions and tower features need of the dataset beyond the parameters, copied (FISM:
  // each user's history); the default needs nothing. Called when a trained run is opened.
  virtual void prepare_inference(const Dataset&) {}
  // Orders the training ratings `train` (dataset indices) for `epoch` as docs/model.md defines.
  virtual void begin_epoch(std::span<const uint32_t> train, uint64_t seed, uint64_t epoch) = 0;
  // Forward and backward on the slice, the gradients summed over the ranks (a collective: every
  // rank calls it at every step, with count = 0 when it has no rows), then Adam.
  virtual void train_step(const StepSlice& slice) = 0;
  // Sum over samples of the squared error since the last call, then reset. The only point
  // where a device backend synchronises, so call it at logging points only.
  virtual double take_loss_sum() = 0;

  // Predicted ratings (no dropout).
  virtual void predict(const Batch& batch, std::span<float> out) = 0;
  // The width of the tower features.
  virtual size_t feature_dim() const = 0;
  // A model that ranks by rows of scores rather than by the dot product of its tower features
  // returns its row scorer (and has no tower features); the others return nullptr.
  virtual const RowScorer* row_scorer() const { return nullptr; }
  // Eval-mode tower outputs for the batch's (user, movie) rows: u and m, [batch.size(),
  // feature_dim()] each.
  virtual void tower_features(const Batch& batch, std::span<float> user_features,
                              std::span<float> movie_features) = 0;
};

}  // namespace cinerec
