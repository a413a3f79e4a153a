#include "host/model/ranking_term.h"

#include <stdexcept>

namespace cinerec {

RankingLoss parse_ranking_loss(const std::string& name) {
  if (name == "none") return RankingLoss::kNone;
  if (name == "pointwise") return RankingLoss::kPointwise;
  if (name == "pairwise") return RankingLoss::kPairwise;
  throw std::invalid_argument("unknown ranking loss \"" + name +
                              "\" (expected none, pointwise or pairwise)");
}

}  // namespace cinerec
