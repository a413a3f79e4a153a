// softplus(x) = log(1 + e^x) = -log sigmoid(-x), without overflow for either sign of x: the
// cross-entropy losses' building block (the CNN's pairwise ranking term's -log sigmoid, FISM's
// and DIN's binary cross-entropy).
#pragma once

#include <cmath>

namespace cinerec {

template <class T>
T softplus(T x) {
  return x > T(0) ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x));
}

}  // namespace cinerec
