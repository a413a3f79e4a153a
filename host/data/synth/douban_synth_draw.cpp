#include "host/data/synth/douban_synth_draw.h"

#include <algorithm>
#include <stdexcept>

namespace cinerec::synth {

Categorical::Categorical(std::vector<double> weights) : weights_(std::move(weights)) {
  if (weights_.empty()) throw std::logic_error("Categorical needs at least one weight");
  cumulative_.reserve(weights_.size());
  double total = 0.0;
  for (double w : weights_) {
    cumulative_.push_back(total += w);
  }
}

size_t Categorical::draw(Rng& rng) const {
  const double target = rng.uniform() * cumulative_.back();
  const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), target);
  return std::min(static_cast<size_t>(it - cumulative_.begin()), cumulative_.size() - 1);
}

std::vector<double> normal_vectors(size_t count, size_t dim, Rng& rng) {
  std::vector<double> out(count * dim);
  for (double& x : out) {
    x = rng.normal();
  }
  return out;
}

void add_scaled(std::span<double> out, std::span<const double> v, double scale) {
  for (size_t k = 0; k < out.size(); ++k) {
    out[k] += scale * v[k];
  }
}

std::vector<size_t> distinct_indices(size_t n, size_t count, Rng& rng) {
  std::vector<size_t> out;
  out.reserve(count);
  std::vector<bool> taken(n, false);
  while (out.size() < count) {
    const size_t i = rng.below(n);
    if (taken[i]) continue;
    taken[i] = true;
    out.push_back(i);
  }
  return out;
}

}  // namespace cinerec::synth
