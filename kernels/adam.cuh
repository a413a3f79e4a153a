// Fused Adam on the GPU (CUDA twin of host/cpu/adam.cpp; both call cinerec::adam_update).
#pragma once

#include <cuda_runtime_api.h>

#include <cstddef>
#include <cstdint>

#include "host/cpu/adam_update.h"

namespace cinerec::kernels {

// Every element of the flat p, g, m, v buffers (n each).
void adam_dense(float* p, const float* g, float* m, float* v, size_t n,
                const AdamStepConstants& step, cudaStream_t stream);

// Only rows `rows[0..count)` (unique) of width `dim`: the row-wise (lazy) variant.
void adam_rows(float* p, const float* g, float* m, float* v, size_t dim, const uint32_t* rows,
               size_t count, const AdamStepConstants& step, cudaStream_t stream);

}  // namespace cinerec::kernels
