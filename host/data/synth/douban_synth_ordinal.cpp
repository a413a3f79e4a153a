#include "host/data/synth/douban_synth_ordinal.h"

#include <algorithm>
#include <cmath>

namespace cinerec::synth {
namespace {

double normal_cdf(double z) {
  return 0.5 * std::erfc(-z / std::sqrt(2.0));
}

// A threshold with exactly `below` of the sorted values under it.
double threshold(const std::vector<double>& sorted, size_t below) {
  if (below == 0) return sorted.front() - 1.0;
  if (below == sorted.size()) return sorted.back() + 1.0;
  return 0.5 * (sorted[below - 1] + sorted[below]);
}

}  // namespace

CutPoints cut_points_at_quantiles(std::vector<double> y, const Histogram& target) {
  std::sort(y.begin(), y.end());
  CutPoints cuts{};
  double share = 0.0;
  for (size_t k = 0; k < cuts.size(); ++k) {
    share += target[k];
    const auto below = static_cast<size_t>(std::llround(share * static_cast<double>(y.size())));
    cuts[k] = threshold(y, std::min(below, y.size()));
    // Tiny sets can put two cuts at the same place; keep them ordered.
    if (k > 0) cuts[k] = std::max(cuts[k], std::nextafter(cuts[k - 1], INFINITY));
  }
  return cuts;
}

int ordinal_rating(double y, const CutPoints& cuts) {
  int rating = 1;
  for (double c : cuts) {
    rating += c < y ? 1 : 0;
  }
  return rating;
}

OrdinalMoments ordinal_moments(double m, double sigma, const CutPoints& cuts) {
  double mean = 0.0;
  double square = 0.0;
  double below = 0.0;  // P(y <= previous cut)
  for (size_t k = 0; k <= cuts.size(); ++k) {
    const double upto = k < cuts.size() ? normal_cdf((cuts[k] - m) / sigma) : 1.0;
    const double p = upto - below;
    const double rating = static_cast<double>(k + 1);
    mean += p * rating;
    square += p * rating * rating;
    below = upto;
  }
  return {mean, std::max(0.0, square - mean * mean)};
}

}  // namespace cinerec::synth
