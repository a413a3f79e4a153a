// The prediction head and the MSE loss (CPU twin of kernels/mse_head.cu). The backward goes
// straight to the gradients of both towers' last layers before their tanh, so the dense backward
// of user_fc and movie_fc starts from d(pre-activation).
#pragma once

#include <cstddef>
#include <cstdint>

#include "host/model/ranking_term.h"
#include "host_device/head_params.h"

namespace cinerec::cpu {

// pred[i] from u[i, :] and m[i, :] ([n, features] each) and the bias terms of users[i], movies[i].
template <class T>
void head_forward(const HeadParams<T>& head, size_t n, const T* u, const T* m,
                  const uint32_t* users, const uint32_t* movies, T* pred);

// From the towers' tanh outputs u, m and the ratings: writes the predictions, d_pred = dL/dpred
// and du, dm = dL/d(pre-tanh) for L = (sum of squared errors) / mean_over (the batch's mean
// squared error when mean_over = n; a rank's part of a global batch passes its size); returns
// the sum of squared errors. With an active ranking term the rows come in its groups (rating,
// then sampled movies, host/model/batch.h) weighted by `weight`, and the sum adds the sampled
// movies' terms (docs/model.md "Ranking term"), which score a row by its prediction plus
// head.ranking_bias of its movie (when there is one) and write their part of d_pred into d_score
// (when given: the ranking bias's gradient per row), and, unless the term is detached, into
// d_pred too. The CUDA kernel knows no ranking term.
template <class T>
T mse_head_backward(const HeadParams<T>& head, size_t n, const T* u, const T* m,
                    const uint32_t* users, const uint32_t* movies, const float* rating, T* pred,
                    T* d_pred, T* du, T* dm, size_t mean_over, const RankingTerm& ranking = {},
                    const float* weight = nullptr, T* d_score = nullptr);

}  // namespace cinerec::cpu
