#include "host/cpu/mse_head.h"

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

template <class T>
T mse_head_backward(const HeadParams<T>& h, size_t n, const T* u, const T* m, const uint32_t* users,
                    const uint32_t* movies, const float* rating, T* pred, T* d_pred, T* du, T* dm,
                    size_t mean_over) {
  head_forward(h, n, u, m, users, movies, pred);
  const size_t F = h.features;
  const bool fc = h.head == Head::kFc;
  T loss = T(0);
  for (size_t i = 0; i < n; ++i) {
    const T e = pred[i] - static_cast<T>(rating[i]);
    loss += e * e;
    const T g = T(2) * e / static_cast<T>(mean_over);
    d_pred[i] = g;
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
                                        const float*, float*, float*, float*, float*, size_t);
template double mse_head_backward<double>(const HeadParams<double>&, size_t, const double*,
                                          const double*, const uint32_t*, const uint32_t*,
                                          const float*, double*, double*, double*, double*, size_t);

}  // namespace cinerec::cpu
