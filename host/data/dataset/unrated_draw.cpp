#include "host/data/dataset/unrated_draw.h"

#include <algorithm>

namespace cinerec {

std::optional<uint32_t> draw_unrated(std::span<const uint32_t> rated, size_t movies, Rng& rng) {
  if (rated.size() >= movies) return std::nullopt;
  for (;;) {
    const auto m = static_cast<uint32_t>(rng.below(movies));
    if (!std::ranges::binary_search(rated, m)) return m;
  }
}

}  // namespace cinerec
