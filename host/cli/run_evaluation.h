// What `cinerec eval` prints for a trained run, as JSON, also the figures `cinerec compare`
// tabulates: the rating metrics of the split and the ranking protocols (docs/metrics.md).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "host/comm/communicator.h"
#include "host/runtime/trained_model.h"

namespace cinerec::cli {

// `split`: "test", "val" or "train"; `protocol`: full | sampled | rated | both | all | none;
// `device` scores the full protocol's top-k. Throws for a split without ratings. A collective
// across the ranks of `world`.
nlohmann::json evaluate_run(TrainedModel& model, const std::string& split,
                            const std::string& protocol, const std::string& device,
                            Communicator& world = SingleProcess::instance());

}  // namespace cinerec::cli
