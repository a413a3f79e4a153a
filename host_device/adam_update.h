// Adam's settings, its per-step constants and the update of one element: shared verbatim by the
// CPU twin (host/cpu/adam.cpp) and the CUDA kernels (kernels/adam.cu), so both compute the same
// expression from the same constants.
#pragma once

#include <cmath>
#include <cstdint>

#include "host_device/host_device.h"

namespace cinerec {

// Adam's settings, with PyTorch's names and defaults.
struct AdamSettings {
  double lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
};

// The constants of one step, computed once in double as PyTorch does.
struct AdamStep {
  float beta1, beta2, one_minus_beta1, one_minus_beta2, step_size, inv_bc2_sqrt, eps;

  // Step t, from 1 (host code).
  static AdamStep at(const AdamSettings& h, uint64_t t) {
    const double bc1 = 1.0 - std::pow(h.beta1, static_cast<double>(t));
    const double bc2 = 1.0 - std::pow(h.beta2, static_cast<double>(t));
    return {static_cast<float>(h.beta1),       static_cast<float>(h.beta2),
            static_cast<float>(1.0 - h.beta1), static_cast<float>(1.0 - h.beta2),
            static_cast<float>(h.lr / bc1),    static_cast<float>(1.0 / std::sqrt(bc2)),
            static_cast<float>(h.eps)};
  }
};

CINEREC_HOST_DEVICE inline void adam_update(float& p, float g, float& m, float& v,
                                            const AdamStep& s) {
  m = s.beta1 * m + s.one_minus_beta1 * g;
  v = s.beta2 * v + s.one_minus_beta2 * g * g;
  p -= s.step_size * m / (sqrtf(v) * s.inv_bc2_sqrt + s.eps);
}

}  // namespace cinerec
