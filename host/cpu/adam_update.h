// One Adam update of one element: shared verbatim by the CPU twin (host/cpu/adam.cpp) and the
// CUDA kernels (kernels/adam.cu), so both compute the same expression.
#pragma once

#include <cmath>

#include "host/model/determinism.h"

namespace cinerec {

// Per-step constants, computed once in double as PyTorch does (host/cpu/adam.h makes them).
struct AdamStepConstants {
  float beta1, beta2, one_minus_beta1, one_minus_beta2, step_size, inv_bc2_sqrt, eps;
};

CINEREC_HOST_DEVICE inline void adam_update(float& p, float g, float& m, float& v,
                                            const AdamStepConstants& s) {
  m = s.beta1 * m + s.one_minus_beta1 * g;
  v = s.beta2 * v + s.one_minus_beta2 * g * g;
  p -= s.step_size * m / (sqrtf(v) * s.inv_bc2_sqrt + s.eps);
}

}  // namespace cinerec
