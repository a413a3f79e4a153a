// The prediction head's parameters as both implementations of it read them (the CPU twin,
// host/cpu/mse_head.cpp, and the kernels, kernels/mse_head.cu): pointers into the parameter
// buffer, null where the model has no such term.
#pragma once

#include <cstddef>

#include "host/model/head.h"

namespace cinerec {

template <class T>
struct HeadParams {
  Head head = Head::kDot;
  size_t features = 0;
  const T* weight = nullptr;  // fc head: [2 * features], the u part then the m part
  const T* bias = nullptr;    // fc head: [1]
  // With model.biases, else null.
  const T *user_bias = nullptr, *movie_bias = nullptr, *global_bias = nullptr;
  // With model.ranking_bias (the CPU only): [movies], added to the ranking term's scores.
  const T* ranking_bias = nullptr;
};

}  // namespace cinerec
