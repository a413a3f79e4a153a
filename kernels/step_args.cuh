// What changes from one training step to the next. The step's kernels read it from device memory,
// not from launch arguments, so one captured CUDA graph replays every step; the host writes it
// (stream-ordered) before each launch.
#pragma once

#include <cuda_runtime_api.h>

#include <cstdint>

#include "host_device/adam_update.h"

namespace cinerec::kernels {

struct StepArgs {
  uint64_t begin = 0;  // first position of the batch in the epoch order
  uint64_t step = 0;   // global step: selects the dropout mask
  AdamStep adam{};
  // Across ranks (docs/distributed.md): this rank's first row in the global batch (its rows'
  // dropout masks) and the global batch's rows (the loss is a mean over them).
  uint64_t first_row = 0;
  uint64_t mean_over = 0;
};

// Stream-ordered *to = value: a one-thread kernel takes the value as its argument, so there is no
// pinned staging buffer to keep alive.
void write_step_args(StepArgs* to, const StepArgs& value, cudaStream_t stream);

}  // namespace cinerec::kernels
