// The counter-based randomness every implementation shares (CPU, CUDA, bench/torch_reference.py):
// the epoch order and the dropout mask are pure functions of (seed, epoch / step, position), so
// backends agree bit for bit and a resumed run replays exactly. Definitions: docs/model.md.
#pragma once

#include <cstdint>

#include "host_device/host_device.h"

namespace cinerec {

CINEREC_HOST_DEVICE inline uint64_t mix64(uint64_t x) {
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// Sort key of the i-th training rating in `epoch`.
CINEREC_HOST_DEVICE inline uint64_t epoch_order_key(uint64_t seed, uint64_t epoch, uint64_t i) {
  return mix64(mix64(seed ^ (epoch << 32)) + i * 0x9E3779B97F4A7C15ull);
}

// Keep threshold on the top 24 bits of the hash for dropout probability p.
inline uint32_t dropout_threshold(double p) {
  return static_cast<uint32_t>((1.0 - p) * 16777216.0 + 0.5);
}

// The factor a kept feature is scaled by, 1 / (1 - p), rounded in T as both backends compute it.
template <class T>
T dropout_keep_scale(double p) {
  return T(1) / (T(1) - static_cast<T>(p));
}

// Whether title feature j of batch row i survives dropout at global step `step`.
CINEREC_HOST_DEVICE inline bool dropout_keep(uint64_t seed, uint64_t step, uint64_t i, uint64_t j,
                                             uint64_t features, uint32_t threshold) {
  const uint64_t z = mix64(seed ^ mix64(step * 0x9E3779B97F4A7C15ull + i * features + j + 1));
  return (z >> 40) < threshold;
}

}  // namespace cinerec
