// The top-k implementation a device string selects: the one place a CUDA scorer plugs in.
#pragma once

#include <functional>
#include <string>

#include "host/retrieval/topk.h"

namespace cinerec {

using TopKScorer = std::function<TopK(std::span<const float> users, std::span<const float> movies,
                                      size_t dim, const UserItems* excluded, size_t k)>;

// "cpu". Throws std::invalid_argument for any other device.
TopKScorer make_topk_scorer(const std::string& device);

}  // namespace cinerec
