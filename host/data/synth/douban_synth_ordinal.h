// The observation model: a latent continuous rating y = m + eps, eps ~ N(0, sigma^2), is
// rounded to 1..5 at four cut points (rating = 1 + #{c_k < y}), and its consequences for the
// best possible predictor.
#pragma once

#include <array>
#include <span>
#include <vector>

namespace cinerec::synth {

using CutPoints = std::array<double, 4>;
using Histogram = std::array<double, 5>;

// Cut points that split `y` into the shares of `target` (which sums to 1), strictly increasing.
CutPoints cut_points_at_quantiles(std::vector<double> y, const Histogram& target);

int ordinal_rating(double y, const CutPoints& cuts);

struct OrdinalMoments {
  double mean;
  double variance;
};

// Mean and variance of the rating given the latent mean m.
OrdinalMoments ordinal_moments(double m, double sigma, const CutPoints& cuts);

}  // namespace cinerec::synth
