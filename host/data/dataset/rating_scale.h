// The scale a dataset's ratings are on (the manifest's rating_range, from the source format:
// Douban 1-5, ...). A model's predicted rating is a real number that can leave it (6.19 on a
// 5-point scale); what is shown to a person as a rating is clipped to it, as Surprise clips its
// estimates, while ranking scores and the rating metrics use the unclipped value.
#pragma once

#include <algorithm>

#include "host/data/dataset/dataset.h"

namespace cinerec {

struct RatingScale {
  float min = 1.0f, max = 5.0f;
  float clip(float r) const { return std::clamp(r, min, max); }
};

// Throws std::runtime_error for a manifest without a valid rating_range.
RatingScale rating_scale(const Dataset& data);

}  // namespace cinerec
