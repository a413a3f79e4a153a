// Random draws shared by the synthetic-data generators, all built on cinerec::Rng so a seed
// gives the same data on every machine.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "host/common/rng.h"

namespace cinerec::synth {

// Draws index i with probability weight[i] / sum(weight).
class Categorical {
 public:
  explicit Categorical(std::vector<double> weights);
  size_t draw(Rng& rng) const;
  double weight(size_t i) const { return weights_[i]; }
  size_t size() const { return weights_.size(); }

 private:
  std::vector<double> weights_;
  std::vector<double> cumulative_;
};

// `count` vectors of `dim` independent N(0, 1) values, row-major.
std::vector<double> normal_vectors(size_t count, size_t dim, Rng& rng);

// out += scale * v
void add_scaled(std::span<double> out, std::span<const double> v, double scale);

// `count` distinct indices below `n`, in the order drawn; by rejection, so meant for count
// well below n.
std::vector<size_t> distinct_indices(size_t n, size_t count, Rng& rng);

}  // namespace cinerec::synth
