// cpu::fast_tanh (host/cpu/fast_tanh.h), which the float CPU path uses for every tanh, against
// std::tanh in double: within 4 float ulps of the correctly rounded value over a dense sweep of
// both branches and the switch between them, exact at 0 and ±1 far out, NaN kept.
#include "host/cpu/fast_tanh.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace cinerec::cpu {
namespace {

// Distance in float ulps between a and b, both finite and of the same sign or zero.
int64_t ulps(float a, float b) {
  const auto key = [](float x) {
    const auto bits = std::bit_cast<int32_t>(x);
    return bits < 0 ? -static_cast<int64_t>(bits & 0x7FFFFFFF) : static_cast<int64_t>(bits);
  };
  return std::abs(key(a) - key(b));
}

TEST(FastTanh, WithinFourUlpsOfStdTanh) {
  int64_t worst = 0;
  float worst_x = 0.0f;
  // Every 2^-14 in [-12, 12]: both branches, the switch at 0.55 and saturation.
  for (float x = -12.0f; x <= 12.0f; x += 1.0f / 16384.0f) {
    const auto exact = static_cast<float>(std::tanh(static_cast<double>(x)));
    const int64_t d = ulps(fast_tanh(x), exact);
    if (d > worst) worst = d, worst_x = x;
  }
  EXPECT_LE(worst, 4) << "at x = " << worst_x << ": " << fast_tanh(worst_x) << " vs "
                      << std::tanh(static_cast<double>(worst_x));
}

TEST(FastTanh, SmallArgumentsAndEdges) {
  EXPECT_EQ(fast_tanh(0.0f), 0.0f);
  for (float x : {1e-30f, 1e-7f, 1e-3f, -2e-4f}) {
    EXPECT_LE(ulps(fast_tanh(x), static_cast<float>(std::tanh(static_cast<double>(x)))), 1) << x;
  }
  for (float x : {0.5499f, 0.55f, 0.5501f, -0.55f}) {
    EXPECT_LE(ulps(fast_tanh(x), static_cast<float>(std::tanh(static_cast<double>(x)))), 4) << x;
  }
  EXPECT_EQ(fast_tanh(30.0f), 1.0f);
  EXPECT_EQ(fast_tanh(-1e30f), -1.0f);
  EXPECT_EQ(fast_tanh(std::numeric_limits<float>::infinity()), 1.0f);
  EXPECT_EQ(fast_tanh(-std::numeric_limits<float>::infinity()), -1.0f);
  EXPECT_TRUE(std::isnan(fast_tanh(std::numeric_limits<float>::quiet_NaN())));
}

}  // namespace
}  // namespace cinerec::cpu
