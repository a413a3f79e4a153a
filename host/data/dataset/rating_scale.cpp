#include "host/data/dataset/rating_scale.h"

#include <cmath>
#include <stdexcept>

namespace cinerec {

RatingScale rating_scale(const Dataset& data) {
  const nlohmann::json& range = data.manifest().value("rating_range", nlohmann::json());
  if (!range.is_array() || range.size() != 2 || !range[0].is_number() || !range[1].is_number()) {
    throw std::runtime_error("the dataset's manifest.json has no rating_range [min, max]");
  }
  const RatingScale s{range[0].get<float>(), range[1].get<float>()};
  if (!std::isfinite(s.min) || !std::isfinite(s.max) || s.min > s.max)
    throw std::runtime_error("the dataset's manifest.json has a bad rating_range");
  return s;
}

}  // namespace cinerec
