// FISM's loss (Kabbur et al., KDD 2013) as RecBole's FISM trains it: the logit of (u, i)
//   x_ui = n^-alpha * (sum over u's history j of p_j) . q_i + b_u + b_i
// (p: item_src_embedding, q: item_dst_embedding), binary cross-entropy on sigmoid(x) against 1
// for a positive and 0 for a sampled movie, the mean over the step's samples. A positive leaves
// its own movie out of the sum (n = |history| - 1), as the paper defines it: the value being
// estimated is not used for its own estimation. Templated so the gradient check runs in double
// (tests/fism_loss_test.cpp).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "host/common/softplus.h"
#include "host/data/dataset/user_items.h"

namespace cinerec {

struct FismSample {
  uint32_t user, movie;
  bool positive;
};

inline constexpr uint32_t kNoneLeftOut = 0xFFFFFFFFu;

template <class T>
struct FismWeights {
  size_t dim;
  const T *src, *dst, *user_bias, *item_bias;  // [movies, dim] x 2, [users], [movies]
};

// The sum over u's history of p_j (leaving out `left_out`, kNoneLeftOut for none) and n^-alpha,
// 0 when nothing is left to sum.
template <class T>
T fism_user_sum(const FismWeights<T>& w, std::span<const uint32_t> history, uint32_t left_out,
                double alpha, T* sum) {
  std::fill_n(sum, w.dim, T(0));
  size_t n = 0;
  for (const uint32_t j : history) {
    if (j == left_out) continue;
    ++n;
    for (size_t k = 0; k < w.dim; ++k)
      sum[k] += w.src[size_t{j} * w.dim + k];
  }
  return n == 0 ? T(0) : static_cast<T>(std::pow(static_cast<double>(n), -alpha));
}

// The mean cross-entropy over `samples`; adds its gradient to g_src, g_dst, g_user, g_item.
template <class T>
T fism_loss(const FismWeights<T>& w, const UserItems& history, std::span<const FismSample> samples,
            double alpha, T* g_src, T* g_dst, T* g_user, T* g_item) {
  const size_t d = w.dim;
  const T scale = T(1) / static_cast<T>(samples.size());
  std::vector<T> sum(d);
  T loss = T(0);
  for (const FismSample& s : samples) {
    const auto row = history.row(s.user);
    const uint32_t left_out = s.positive ? s.movie : kNoneLeftOut;
    const T c = fism_user_sum(w, row, left_out, alpha, sum.data());
    const T* q = w.dst + size_t{s.movie} * d;
    T x = w.user_bias[s.user] + w.item_bias[s.movie];
    for (size_t k = 0; k < d; ++k)
      x += c * sum[k] * q[k];
    const T y = s.positive ? T(1) : T(0);
    // -[y log sigmoid(x) + (1 - y) log(1 - sigmoid(x))] = softplus(x) - y x.
    loss += softplus(x) - y * x;
    const T g = (T(1) / (T(1) + std::exp(-x)) - y) * scale;  // dL/dx
    g_user[s.user] += g;
    g_item[s.movie] += g;
    for (size_t k = 0; k < d; ++k)
      g_dst[size_t{s.movie} * d + k] += g * c * sum[k];
    for (const uint32_t j : row) {
      if (j == left_out) continue;
      for (size_t k = 0; k < d; ++k)
        g_src[size_t{j} * d + k] += g * c * q[k];
    }
  }
  return loss * scale;
}

}  // namespace cinerec
