// What training or evaluating a model takes in memory, from its spec alone, so that a model too
// large for the machine is refused before anything is allocated: the parameter buffer with its
// gradient and two Adam moments, and the activations and their gradients for the largest batch.
// An upper bound of what cpu::ModelPass allocates (a test holds it to that).
#pragma once

#include <cstddef>
#include <cstdint>

#include "host/model/model_spec.h"

namespace cinerec {

// Activation values (forward and backward) a batch row needs.
size_t activation_values_per_row(const ModelSpec& spec);

// Bytes for a parameter buffer of `parameter_values` floats (ParamLayout::total()) and batches
// of up to `batch_rows`.
uint64_t training_memory_bytes(const ModelSpec& spec, size_t parameter_values, size_t batch_rows);

}  // namespace cinerec
