#include "host/model/init.h"

#include <cmath>

#include "host/common/rng.h"

namespace cinerec {
namespace {

bool is_title_conv(const ParamEntry& e) {
  return e.name.rfind("title_conv", 0) == 0;
}

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

}  // namespace

std::vector<float> init_parameters(const ParamLayout& layout, uint64_t seed, double global_mean) {
  std::vector<float> params(layout.total(), 0.0f);
  uint64_t stream = 0;
  for (const auto& e : layout.entries()) {
    Rng rng(seed, ++stream);  // one stream per tensor: adding a tensor leaves the others alone
    float* p = params.data() + e.offset;
    if (e.name == "user_bias" || e.name == "movie_bias") continue;
    if (e.name == "global_bias") {
      p[0] = static_cast<float>(global_mean);
    } else if (e.kind == ParamKind::kEmbedding) {
      for (size_t i = 0; i < e.size; ++i)
        p[i] = uniform(rng, 1.0);
    } else if (is_title_conv(e)) {
      for (size_t i = 0; i < e.size; ++i) {
        p[i] = e.kind == ParamKind::kBias ? 0.1f : truncated_normal(rng, 0.1);
      }
    } else if (e.kind == ParamKind::kWeight) {
      const double limit = std::sqrt(6.0 / static_cast<double>(e.shape[0] + e.shape[1]));
      for (size_t i = 0; i < e.size; ++i)
        p[i] = uniform(rng, limit);
    }
  }
  return params;
}

}  // namespace cinerec
