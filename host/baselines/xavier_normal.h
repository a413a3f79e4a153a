// torch.nn.init.xavier_normal_, RecBole's initialisation of embeddings and linear weights: for a
// weight of fan_in x fan_out, N(0, sqrt(2 / (fan_in + fan_out))).
#pragma once

#include <cmath>
#include <cstddef>

namespace cinerec {

inline double xavier_std(size_t fan_in, size_t fan_out) {
  return std::sqrt(2.0 / static_cast<double>(fan_in + fan_out));
}

}  // namespace cinerec
