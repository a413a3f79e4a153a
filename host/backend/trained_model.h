// A finished (or checkpointed) run opened for inference: its config, its dataset (verified to be
// the one it was trained on) and a backend holding its parameters.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "host/backend/backend.h"
#include "host/data/dataset.h"
#include "host/train/train_config.h"

namespace cinerec {

struct TrainedModel {
  Config config;
  Dataset data;
  std::unique_ptr<Backend> backend;
};

TrainedModel open_trained_model(const std::filesystem::path& run, const std::string& device);

}  // namespace cinerec
