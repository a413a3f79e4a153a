// RecBole's embedding regularisers: weight * ‖X‖, the Frobenius norm itself (torch's
// weight.norm(2)), not its square.
#pragma once

#include <cmath>
#include <span>

namespace cinerec {

// Returns ‖x‖ and adds weight * x / ‖x‖, its gradient times weight, to g (nothing at x = 0).
template <class T>
double add_norm_gradient(std::span<const T> x, double weight, T* g) {
  double squares = 0.0;
  for (const T v : x)
    squares += static_cast<double>(v) * v;
  const double norm = std::sqrt(squares);
  if (norm == 0.0) return 0.0;
  for (size_t i = 0; i < x.size(); ++i)
    g[i] += static_cast<T>(weight * x[i] / norm);
  return norm;
}

}  // namespace cinerec
