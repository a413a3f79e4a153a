#include "host/model/init.h"

#include <algorithm>
#include <cmath>

#include "host/common/rng.h"

namespace cinerec {
namespace {

float uniform(Rng& rng, double limit) {
  return static_cast<float>((2.0 * rng.uniform() - 1.0) * limit);
}

// Normal(0, sigma) redrawn outside two sigma, as TensorFlow's truncated_normal.
float truncated_normal(Rng& rng, double sigma) {
  double z = rng.normal();
  while (std::abs(z) > 2.0)
    z = rng.normal();
  return static_cast<float>(z * sigma);
}

void fill(const ParamEntry& e, Rng& rng, double global_mean, float* p) {
  switch (e.init) {
    case ParamInit::kUniformUnit:
      for (size_t i = 0; i < e.size; ++i)
        p[i] = uniform(rng, 1.0);
      return;
    case ParamInit::kGlorotUniform: {
      const double limit = std::sqrt(6.0 / static_cast<double>(e.shape[0] + e.shape[1]));
      for (size_t i = 0; i < e.size; ++i)
        p[i] = uniform(rng, limit);
      return;
    }
    case ParamInit::kTruncatedNormal:
      for (size_t i = 0; i < e.size; ++i)
        p[i] = truncated_normal(rng, 0.1);
      return;
    case ParamInit::kTenth:
      std::fill_n(p, e.size, 0.1f);
      return;
    case ParamInit::kGlobalMean:
      std::fill_n(p, e.size, static_cast<float>(global_mean));
      return;
    case ParamInit::kNormal:
      for (size_t i = 0; i < e.size; ++i)
        p[i] = static_cast<float>(e.init_mean + e.init_std * rng.normal());
      return;
    case ParamInit::kZero:
      return;
  }
}

}  // namespace

std::vector<float> init_parameters(const ParamLayout& layout, uint64_t seed, double global_mean) {
  std::vector<float> params(layout.total(), 0.0f);
  uint64_t stream = 0;
  for (const auto& e : layout.entries()) {
    Rng rng(seed, ++stream);  // one stream per tensor: adding a tensor leaves the others alone
    fill(e, rng, global_mean, params.data() + e.offset);
  }
  return params;
}

}  // namespace cinerec
