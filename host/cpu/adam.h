// Adam with PyTorch's semantics (CPU twin of kernels/adam.cu). `adam_dense` updates a whole
// flat range; `adam_rows` updates only the listed rows of an embedding table (the "row-wise",
// lazy variant), with the global step for bias correction.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "host_device/adam_update.h"

namespace cinerec::cpu {

// p, g, m, v of equal length. Multithreaded over elements.
void adam_dense(std::span<float> p, std::span<const float> g, std::span<float> m,
                std::span<float> v, const AdamStep& step);

// Applies `steps` in order with a zero gradient: what dense Adam does to a row that no batch
// touched, so it can be deferred and replayed later with bitwise the same result.
void adam_zero_grad_steps(std::span<float> p, std::span<float> m, std::span<float> v,
                          std::span<const AdamStep> steps);

// Rows of width `dim`: only rows in `rows` (unique) are updated.
void adam_rows(std::span<float> p, std::span<const float> g, std::span<float> m, std::span<float> v,
               size_t dim, std::span<const uint32_t> rows, const AdamStep& step);

}  // namespace cinerec::cpu
