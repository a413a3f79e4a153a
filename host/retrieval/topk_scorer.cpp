#include "host/retrieval/topk_scorer.h"

#include <stdexcept>

namespace cinerec {

TopKScorer make_topk_scorer(const std::string& device) {
  if (device == "cpu") {
    return
        [](std::span<const float> users, std::span<const float> movies, size_t dim,
           const UserItems* excluded, size_t k) { return top_k(users, movies, dim, excluded, k); };
  }
  throw std::invalid_argument("unknown or unavailable scoring device \"" + device +
                              "\" (the cuda scorer is not built yet; this build scores on: cpu)");
}

}  // namespace cinerec
