#include "host/cpu/mse_head.h"

#include <algorithm>
#include <cmath>

#include "host/common/softplus.h"

namespace cinerec::cpu {

template <class T>
void head_forward(const HeadParams<T>& h, size_t n, const T* u, const T* m, const uint32_t* users,
                  const uint32_t* movies, T* pred) {
  const size_t F = h.features;
  for (size_t i = 0; i < n; ++i) {
    const T* ui = u + i * F;
    const T* mi = m + i * F;
    T p = T(0);
    if (h.head == Head::kDot) {
      for (size_t k = 0; k < F; ++k)
        p += ui[k] * mi[k];
    } else {
      for (size_t k = 0; k < F; ++k)
        p += ui[k] * h.weight[k] + mi[k] * h.weight[F + k];
      p += *h.bias;
    }
    if (h.global_bias != nullptr)
      p += h.user_bias[users[i]] + h.movie_bias[movies[i]] + *h.global_bias;
    pred[i] = p;
  }
}

namespace {

// dL/dpred into d_pred (zeroed first: a rating's row also gathers its pairs' terms), and the
// ranking term's part of it into d_score when that is given (the ranking bias's gradient);
// returns the loss's sum (before the division by mean_over). The ranking term scores a row by
// its prediction plus its movie's ranking bias; a detached term's part goes into d_score alone.
template <class T>
T loss_gradient(const HeadParams<T>& h, size_t n, const uint32_t* movies, const T* pred,
                const float* rating, size_t mean_over, const RankingTerm& ranking,
                const float* weight, T* d_pred, T* d_score) {
  std::fill_n(d_pred, n, T(0));
  if (d_score != nullptr) std::fill_n(d_score, n, T(0));
  const auto score = [&](size_t i) {
    return pred[i] + (h.ranking_bias == nullptr ? T(0) : h.ranking_bias[movies[i]]);
  };
  const auto add = [&](size_t i, T g) {  // a ranking term's part of the gradient
    if (!ranking.detached) d_pred[i] += g;
    if (d_score != nullptr) d_score[i] += g;
  };
  const size_t group = ranking.group();
  const bool pairwise = ranking.loss == RankingLoss::kPairwise;
  T loss = T(0);
  for (size_t i = 0; i < n; ++i) {
    const T w = weight == nullptr ? T(1) : static_cast<T>(weight[i]);
    if (i % group == 0) {  // a rating
      const T e = pred[i] - static_cast<T>(rating[i]);
      loss += w * e * e;
      d_pred[i] += T(2) * w * e / static_cast<T>(mean_over);
    } else if (pairwise) {
      const size_t rated = i - i % group;
      const T x = score(rated) - score(i);
      loss += w * softplus(-x);
      const T g = w / (T(1) + std::exp(x)) / static_cast<T>(mean_over);  // w sigmoid(-x)
      add(rated, -g);
      add(i, g);
    } else {
      const T e = score(i) - static_cast<T>(rating[i]);
      loss += w * e * e;
      add(i, T(2) * w * e / static_cast<T>(mean_over));
    }
  }
  return loss;
}

}  // namespace

template <class T>
T mse_head_backward(const HeadParams<T>& h, size_t n, const T* u, const T* m, const uint32_t* users,
                    const uint32_t* movies, const float* rating, T* pred, T* d_pred, T* du, T* dm,
                    size_t mean_over, const RankingTerm& ranking, const float* weight, T* d_score) {
  head_forward(h, n, u, m, users, movies, pred);
  const T loss =
      loss_gradient(h, n, movies, pred, rating, mean_over, ranking, weight, d_pred, d_score);
  const size_t F = h.features;
  const bool fc = h.head == Head::kFc;
  for (size_t i = 0; i < n; ++i) {
    const T g = d_pred[i];
    const T* ui = u + i * F;
    const T* mi = m + i * F;
    for (size_t k = 0; k < F; ++k) {
      du[i * F + k] = g * (fc ? h.weight[k] : mi[k]) * (T(1) - ui[k] * ui[k]);
      dm[i * F + k] = g * (fc ? h.weight[F + k] : ui[k]) * (T(1) - mi[k] * mi[k]);
    }
  }
  return loss;
}

template void head_forward<float>(const HeadParams<float>&, size_t, const float*, const float*,
                                  const uint32_t*, const uint32_t*, float*);
template void head_forward<double>(const HeadParams<double>&, size_t, const double*, const double*,
                                   const uint32_t*, const uint32_t*, double*);
template float mse_head_backward<float>(const HeadParams<float>&, size_t, const float*,
                                        const float*, const uint32_t*, const uint32_t*,
                                        const float*, float*, float*, float*, float*, size_t,
                                        const RankingTerm&, const float*, float*);
template double mse_head_backward<double>(const HeadParams<double>&, size_t, const double*,
                                          const double*, const uint32_t*, const uint32_t*,
                                          const float*, double*, double*, double*, double*, size_t,
                                          const RankingTerm&, const float*, double*);

}  // namespace cinerec::cpu
