// From a config and a dataset to the pieces a backend needs: the model spec and the optimiser
// settings.
#pragma once

#include "host/backend/backend.h"
#include "host/data/dataset.h"
#include "host/train/train_config.h"

namespace cinerec {

ModelSpec make_model_spec(const ModelConfig& config, const Dataset& data);
OptimizerSettings make_optimizer_settings(const TrainConfig& config);

// The most rows a batch of training or evaluation on `data` can have: the batch sizes, capped by
// what the dataset holds.
size_t batch_rows(const Config& config, const Dataset& data);

// The CPU backend's thread count for train.threads: 0 is every hardware thread; more than
// kMaxThreadsPerCore per hardware thread only contend for the cores, so they are capped (with a
// warning on stderr).
inline constexpr size_t kMaxThreadsPerCore = 4;
int cpu_threads(size_t requested);

}  // namespace cinerec
