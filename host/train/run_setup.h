// From a config and a dataset to the pieces a run needs: the model spec, the optimiser settings
// and a backend for a device string. The only place that maps a device name to a backend.
#pragma once

#include <memory>
#include <string>

#include "host/backend/backend.h"
#include "host/data/dataset.h"
#include "host/train/train_config.h"

namespace cinerec {

ModelSpec make_model_spec(const ModelConfig& config, const Dataset& data);
OptimizerSettings make_optimizer_settings(const TrainConfig& config);

// "cpu" (CUDA devices arrive with the CUDA backend). Throws std::invalid_argument otherwise.
std::unique_ptr<Backend> make_backend(const std::string& device, const ModelSpec& spec,
                                      const TrainConfig& config);

}  // namespace cinerec
