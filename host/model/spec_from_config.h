// The model a config describes, sized for a dataset's vocabularies.
#pragma once

#include "host/config/config.h"
#include "host/data/dataset/dataset.h"
#include "host/model/model_spec.h"

namespace cinerec {

// Validated (ModelSpec::validate).
ModelSpec make_model_spec(const ModelConfig& config, const Dataset& data);

}  // namespace cinerec
