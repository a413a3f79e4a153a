// The human-readable report `cinerec prepare` and `cinerec info` print.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "host/data/dataset/dataset.h"

namespace cinerec {

// Statistics of a dataset as JSON: sizes, density, rating histogram, split sizes, cold users
// and movies, title and genre statistics.
nlohmann::json dataset_statistics(const Dataset& dataset);

// The same, as an aligned text block.
std::string format_summary(const Dataset& dataset);

}  // namespace cinerec
