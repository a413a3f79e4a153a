// The BPR loss of one (user, positive, negative) triple as RecBole's BPRLoss computes it,
// -log(gamma + sigmoid(x)) with x = p_u . q_i - p_u . q_j and gamma = 1e-10, and its gradient,
// templated so the gradient check runs in double (tests/bpr_loss_test.cpp).
#pragma once

#include <cmath>
#include <cstddef>

namespace cinerec {

inline constexpr double kBprGamma = 1e-10;

template <class T>
T bpr_margin(const T* p, const T* qi, const T* qj, size_t dim) {
  T x = 0;
  for (size_t k = 0; k < dim; ++k)
    x += p[k] * (qi[k] - qj[k]);
  return x;
}

template <class T>
T bpr_loss(const T* p, const T* qi, const T* qj, size_t dim) {
  const T s = T(1) / (T(1) + std::exp(-bpr_margin(p, qi, qj, dim)));
  return -std::log(T(kBprGamma) + s);
}

// Adds `weight` x the loss's gradient to gp, gqi, gqj; returns the loss.
template <class T>
T bpr_backward(const T* p, const T* qi, const T* qj, size_t dim, T weight, T* gp, T* gqi, T* gqj) {
  const T s = T(1) / (T(1) + std::exp(-bpr_margin(p, qi, qj, dim)));
  // d/dx of -log(gamma + s) = -s (1 - s) / (gamma + s)
  const T dx = weight * (-s * (T(1) - s) / (T(kBprGamma) + s));
  for (size_t k = 0; k < dim; ++k) {
    gp[k] += dx * (qi[k] - qj[k]);
    gqi[k] += dx * p[k];
    gqj[k] -= dx * p[k];
  }
  return -std::log(T(kBprGamma) + s);
}

}  // namespace cinerec
