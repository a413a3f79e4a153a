// From a config and a dataset to the pieces a backend needs: the model spec and the optimiser
// settings.
#pragma once

#include "host/backend/backend.h"
#include "host/data/dataset.h"
#include "host/train/train_config.h"

namespace cinerec {

ModelSpec make_model_spec(const ModelConfig& config, const Dataset& data);
OptimizerSettings make_optimizer_settings(const TrainConfig& config);

}  // namespace cinerec
