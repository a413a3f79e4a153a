// One rating's step of biased matrix factorisation as Surprise's SVD takes it (its
// matrix_factorization.pyx, SVD.sgd): err = r - (mean + b_u + b_i + p_u . q_i), computed once, then
//   b_u += lr (err - reg b_u),  b_i += lr (err - reg b_i),
//   p_u += lr (err q_i - reg p_u),  q_i += lr (err p_u - reg q_i)   (both from the old values),
// which is a gradient step on mf_rating_loss. Templated so the gradient check runs in double
// (tests/mf_sgd_test.cpp); the backend computes in double and stores floats.
#pragma once

#include <cstddef>

namespace cinerec {

// One rating's factors and biases (p and q of `factors` values each).
template <class T>
struct MfRow {
  T* p;
  T* q;
  T* user_bias;
  T* movie_bias;
};

template <class T>
T mf_predict(const MfRow<T>& row, size_t factors, T mean) {
  T dot = 0;
  for (size_t f = 0; f < factors; ++f)
    dot += row.q[f] * row.p[f];
  return mean + *row.user_bias + *row.movie_bias + dot;
}

// 1/2 err^2 + reg/2 (b_u^2 + b_i^2 + |p_u|^2 + |q_i|^2); without `biased`, b_u and b_i are
// neither regularised nor trained (they stay 0).
template <class T>
T mf_rating_loss(const MfRow<T>& row, size_t factors, T mean, T rating, T reg, bool biased) {
  const T err = rating - mf_predict(row, factors, mean);
  T norm = 0;
  for (size_t f = 0; f < factors; ++f)
    norm += row.p[f] * row.p[f] + row.q[f] * row.q[f];
  if (biased) norm += *row.user_bias * *row.user_bias + *row.movie_bias * *row.movie_bias;
  return T(0.5) * err * err + T(0.5) * reg * norm;
}

// Returns err, from before the step.
template <class T>
T mf_sgd_step(const MfRow<T>& row, size_t factors, T mean, T rating, T lr, T reg, bool biased) {
  const T err = rating - mf_predict(row, factors, mean);
  if (biased) {
    *row.user_bias += lr * (err - reg * *row.user_bias);
    *row.movie_bias += lr * (err - reg * *row.movie_bias);
  }
  for (size_t f = 0; f < factors; ++f) {
    const T puf = row.p[f], qif = row.q[f];
    row.p[f] += lr * (err * qif - reg * puf);
    row.q[f] += lr * (err * puf - reg * qif);
  }
  return err;
}

}  // namespace cinerec
