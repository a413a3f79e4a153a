// Helpers for GPU tests: skip cleanly without a device; compare against the CPU twin.
#pragma once

#include <cuda_runtime_api.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "host/common/rng.h"
#include "tests/random_inputs.h"

#define CINEREC_REQUIRE_GPU()                                                            \
  do {                                                                                   \
    int cinerec_devices_ = 0;                                                            \
    if (cudaGetDeviceCount(&cinerec_devices_) != cudaSuccess || cinerec_devices_ == 0) { \
      cudaGetLastError();                                                                \
      GTEST_SKIP() << "no CUDA device";                                                  \
    }                                                                                    \
  } while (0)

namespace cinerec::testing {

// |gpu - cpu| <= rel * max(1, |cpu|) element-wise.
inline void expect_close(const std::vector<float>& gpu, const std::vector<float>& cpu, double rel,
                         const char* what) {
  ASSERT_EQ(gpu.size(), cpu.size()) << what;
  for (size_t i = 0; i < cpu.size(); ++i) {
    const double tol = rel * std::max(1.0, std::abs(static_cast<double>(cpu[i])));
    ASSERT_LE(std::abs(static_cast<double>(gpu[i]) - cpu[i]), tol) << what << "[" << i << "]";
  }
}

// The first `width` columns of each of `rows` rows (row stride `ld`), packed.
inline std::vector<float> leading_columns(const std::vector<float>& m, size_t rows, size_t width,
                                          size_t ld) {
  std::vector<float> out;
  for (size_t i = 0; i < rows; ++i)
    out.insert(out.end(), m.begin() + i * ld, m.begin() + i * ld + width);
  return out;
}

// A strided output's columns past `width` belong to other tensors: still the NaN poison.
inline void expect_untouched_past(const std::vector<float>& m, size_t rows, size_t width, size_t ld,
                                  const char* what) {
  for (size_t i = 0; i < rows; ++i) {
    for (size_t j = width; j < ld; ++j)
      ASSERT_TRUE(std::isnan(m[i * ld + j])) << what << ": row " << i << " column " << j;
  }
}

}  // namespace cinerec::testing
