#include "host/cpu/adam.h"

#include <cmath>

namespace cinerec::cpu {
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
