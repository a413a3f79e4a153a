// The comparison's figures, from compare.json (`cinerec compare`): Recall@K and NDCG@K per model
// under the full-ranking and the sampled protocol (grouped bars), and training time per model.
// Each model keeps its colour in every figure (the plotting module's palette).
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "host/report/figure.h"

namespace cinerec {

// compare_full, compare_sampled, compare_train_seconds.
std::vector<Figure> compare_figures(const nlohmann::json& compare);

}  // namespace cinerec
