#include "host/cpu/adam.h"

#include <cmath>

namespace cinerec::cpu {
AdamStep::AdamStep(const AdamHyper& h, uint64_t t) {
  const double bc1 = 1.0 - std::pow(h.beta1, static_cast<double>(t));
  const double bc2 = 1.0 - std::pow(h.beta2, static_cast<double>(t));
  beta1 = static_cast<float>(h.beta1);
  beta2 = static_cast<float>(h.beta2);
  one_minus_beta1 = static_cast<float>(1.0 - h.beta1);
  one_minus_beta2 = static_cast<float>(1.0 - h.beta2);
  step_size = static_cast<float>(h.lr / bc1);
  inv_bc2_sqrt = static_cast<float>(1.0 / std::sqrt(bc2));
  eps = static_cast<float>(h.eps);
}

void adam_dense(std::span<float> p, std::span<const float> g, std::span<float> m,
                std::span<float> v, const AdamStep& s) {
  const size_t n = p.size();
#pragma omp parallel for simd schedule(static)
  for (size_t i = 0; i < n; ++i)
    adam_update(p[i], g[i], m[i], v[i], s);
}

void adam_zero_grad_steps(std::span<float> p, std::span<float> m, std::span<float> v,
                          std::span<const AdamStep> steps) {
  for (const AdamStep& s : steps) {
#pragma omp simd
    for (size_t i = 0; i < p.size(); ++i)
      adam_update(p[i], 0.0f, m[i], v[i], s);
  }
}

void adam_rows(std::span<float> p, std::span<const float> g, std::span<float> m, std::span<float> v,
               size_t dim, std::span<const uint32_t> rows, const AdamStep& s) {
  for (uint32_t r : rows) {
    const size_t at = size_t{r} * dim;
#pragma omp simd
    for (size_t i = at; i < at + dim; ++i)
      adam_update(p[i], g[i], m[i], v[i], s);
  }
}

}  // namespace cinerec::cpu
