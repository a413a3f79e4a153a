// Finite-difference gradient checking in double precision.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <vector>

#include "host/common/rng.h"

namespace cinerec::testing {

inline std::vector<double> random_vector(size_t n, Rng& rng, double lo = -1.0, double hi = 1.0) {
  std::vector<double> v(n);
  for (auto& x : v)
    x = lo + (hi - lo) * rng.uniform();
  return v;
}

// Compares analytic[i] with the central difference of `loss` in x[i] (which it perturbs and
// restores). Relative error |a - n| / max(1, |a| + |n|) must stay under `tolerance`.
inline void expect_gradient(const std::function<double()>& loss, std::vector<double>& x,
                            const std::vector<double>& analytic, const char* what,
                            double tolerance = 1e-6, double h = 1e-6) {
  ASSERT_EQ(x.size(), analytic.size()) << what;
  for (size_t i = 0; i < x.size(); ++i) {
    const double saved = x[i];
    x[i] = saved + h;
    const double up = loss();
    x[i] = saved - h;
    const double down = loss();
    x[i] = saved;
    const double numeric = (up - down) / (2 * h);
    const double err =
        std::abs(analytic[i] - numeric) / std::max(1.0, std::abs(analytic[i]) + std::abs(numeric));
    EXPECT_LT(err, tolerance) << what << "[" << i << "]: analytic " << analytic[i] << ", numeric "
                              << numeric;
  }
}

// sum_i w[i] * y[i]: a scalar loss whose gradient w.r.t. y is w.
inline double weighted_sum(const std::vector<double>& y, const std::vector<double>& w) {
  double s = 0.0;
  for (size_t i = 0; i < y.size(); ++i)
    s += y[i] * w[i];
  return s;
}

}  // namespace cinerec::testing
