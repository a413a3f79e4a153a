// RecBole's Dice activation as its DIN uses it: alpha (1 - sigmoid(x)) x + sigmoid(x) x with
// alpha a fixed zero tensor (not a parameter in RecBole 1.2.1), so x sigmoid(x). The paper's
// Dice (Zhou et al., KDD 2018) gates by the batch-normalised input and learns alpha; RecBole's
// input is already batch-normalised by the layer before. Applied in place; the backward takes
// the activation's input.
#pragma once

#include <cmath>
#include <cstddef>

namespace cinerec {

template <class T>
T dice(T x) {
  return x / (T(1) + std::exp(-x));
}

// d dice / dx = sigmoid(x) (1 + x (1 - sigmoid(x))).
template <class T>
T dice_derivative(T x) {
  const T s = T(1) / (T(1) + std::exp(-x));
  return s * (T(1) + x * (T(1) - s));
}

}  // namespace cinerec
