// The published model's initialisation (docs/model.md), deterministic per seed.
#pragma once

#include <cstdint>
#include <vector>

#include "host/model/param_layout.h"

namespace cinerec {

// `global_mean` seeds global_bias when the model has bias terms.
std::vector<float> init_parameters(const ParamLayout& layout, uint64_t seed, double global_mean);

}  // namespace cinerec
