// Fused Adam on the GPU (CUDA twin of host/cpu/adam.cpp; both call cinerec::adam_update). The
// step's constants are read from device memory so a captured CUDA graph serves every step.
#pragma once

#include <cuda_runtime_api.h>

#include <cstddef>
#include <cstdint>

#include "host_device/adam_update.h"
#include "kernels/row_list.cuh"

namespace cinerec::kernels {

// Every element of the flat p, g, m, v buffers (n each).
void adam_dense(float* p, const float* g, float* m, float* v, size_t n, const AdamStep* step,
                cudaStream_t stream);

// The row-wise (lazy) variant: only the rows of the row list (kernels/row_list.cuh), each once.
void adam_rows(float* p, const float* g, float* m, float* v, size_t dim, const uint32_t* rows,
               size_t count, const AdamStep* step, cudaStream_t stream);

// g += weight_decay * p on the same rows as adam_rows (the L2 of train.weight_decay).
void add_row_weight_decay(float* g, const float* p, size_t dim, const uint32_t* rows, size_t count,
                          float weight_decay, cudaStream_t stream);

}  // namespace cinerec::kernels
