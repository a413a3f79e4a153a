// Adam with PyTorch's semantics (CPU twin of kernels/adam.cu). `adam_dense` updates a whole
// flat range; `adam_rows` updates only the listed rows of an embedding table (the "row-wise",
// lazy variant), with the global step for bias correction.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "host/cpu/adam_update.h"

namespace cinerec::cpu {

struct AdamHyper {
  double lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
};

// Per-step constants of step t (from 1), computed once in double as PyTorch does.
struct AdamStep : AdamStepConstants {
  AdamStep(const AdamHyper& h, uint64_t t);
};

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
