// ENMF's whole-data loss (Chen et al., TOIS 2020) as RecBole's ENMF.calculate_loss computes it,
// with ŷ_ui = sum_k h_k p_uk q_ik:
//   c0 * sum_{u in U} sum_{i in V} ŷ_ui^2                       (every pair, as if unobserved)
//   + sum over the batch's rows b (a user u, its embedding under dropout p~)
//       sum over u's positives j  ((1 - c0) ŷ~_bj^2 - 2 ŷ~_bj)  (the observed pairs' correction)
// The first term is never summed pair by pair: it equals c0 * sum_{k,l} (P^T P)_{kl} (Q^T Q)_{kl}
// h_k h_l, O((|U| + |V|) d^2) (enmf_whole_data); W_P and W_Q are symmetric, so the gradient
// 2 P W_P needs no transpose. Templated so the gradient checks run in double
// (tests/enmf_loss_test.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "host/cpu/gemm.h"

namespace cinerec {

// c0 * sum_{k,l} (P^T P)_{kl} (Q^T Q)_{kl} h_k h_l; adds its gradient, 2 P W_P, 2 Q W_Q and
// 2 c0 sum_l (P^T P ⊙ Q^T Q)_{kl} h_l, to gp, gq, gh. The Gram matrices and the products on BLAS.
template <class T>
T enmf_whole_data(const T* p, size_t users, const T* q, size_t movies, const T* h, size_t d, T c0,
                  T* gp, T* gq, T* gh) {
  std::vector<T> sp(d * d), sq(d * d), wp(d * d), wq(d * d);
  cpu::gemm<T>(true, false, d, d, users, T(1), p, d, p, d, T(0), sp.data(), d);
  cpu::gemm<T>(true, false, d, d, movies, T(1), q, d, q, d, T(0), sq.data(), d);
  T loss = T(0);
  for (size_t k = 0; k < d; ++k) {
    for (size_t l = 0; l < d; ++l) {
      const size_t kl = k * d + l;
      const T hh = h[k] * h[l];
      loss += sp[kl] * sq[kl] * hh;
      wp[kl] = T(2) * c0 * sq[kl] * hh;
      wq[kl] = T(2) * c0 * sp[kl] * hh;
      gh[k] += T(2) * c0 * sp[kl] * sq[kl] * h[l];
    }
  }
  cpu::gemm<T>(false, false, users, d, d, T(1), p, d, wp.data(), d, T(1), gp, d);
  cpu::gemm<T>(false, false, movies, d, d, T(1), q, d, wq.data(), d, T(1), gq, d);
  return c0 * loss;
}

// One batch row: the user's embedding under dropout `pd` and its positives' embeddings; adds the
// gradient to gpd (of pd), gq (rows of the movie table) and gh; returns the row's term.
template <class T>
T enmf_positives(const T* pd, std::span<const uint32_t> positives, const T* q, const T* h, size_t d,
                 T c0, T* gpd, T* gq, T* gh) {
  T loss = T(0);
  for (const uint32_t j : positives) {
    const T* qj = q + size_t{j} * d;
    T y = T(0);
    for (size_t k = 0; k < d; ++k)
      y += h[k] * pd[k] * qj[k];
    loss += (T(1) - c0) * y * y - T(2) * y;
    const T dy = T(2) * (T(1) - c0) * y - T(2);
    T* gqj = gq + size_t{j} * d;
    for (size_t k = 0; k < d; ++k) {
      gpd[k] += dy * h[k] * qj[k];
      gqj[k] += dy * h[k] * pd[k];
      gh[k] += dy * pd[k] * qj[k];
    }
  }
  return loss;
}

}  // namespace cinerec
