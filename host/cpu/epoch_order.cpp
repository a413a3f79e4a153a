#include "host/cpu/epoch_order.h"

#include <algorithm>
#include <numeric>

#include "host_device/determinism.h"

namespace cinerec {

std::vector<uint32_t> epoch_order(std::span<const uint32_t> train_indices, uint64_t seed,
                                  uint64_t epoch) {
  std::vector<std::pair<uint64_t, uint32_t>> keyed(train_indices.size());
  for (size_t i = 0; i < keyed.size(); ++i)
    keyed[i] = {epoch_order_key(seed, epoch, i), static_cast<uint32_t>(i)};
  std::sort(keyed.begin(), keyed.end());  // (key, position): the stable order
  std::vector<uint32_t> order(keyed.size());
  for (size_t i = 0; i < keyed.size(); ++i)
    order[i] = train_indices[keyed[i].second];
  return order;
}

}  // namespace cinerec
