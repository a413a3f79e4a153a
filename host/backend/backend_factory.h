// The only place that maps a device name to a backend: "cpu", and in CUDA builds "cuda" or
// "cuda:N". Lives above both backends (library cinerec_runtime), so neither depends on the other.
#pragma once

#include <memory>
#include <string>

#include "host/backend/backend.h"
#include "host/train/train_config.h"

namespace cinerec {

// Throws std::invalid_argument for a device this build cannot train on, naming the ones it can.
std::unique_ptr<Backend> make_backend(const std::string& device, const ModelSpec& spec,
                                      const Config& config);

// The ordinal of "cuda" (0) or "cuda:N"; std::invalid_argument for anything else.
int cuda_ordinal(const std::string& device);

}  // namespace cinerec
