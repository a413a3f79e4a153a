#include "host/train/replica_check.h"

#include <string>
#include <vector>

#include "host/comm/rank_agreement.h"
#include "host/common/sha256.h"

namespace cinerec {

void check_replicas_equal(Communicator& world, const ModelState& state, uint64_t step) {
  if (world.size() == 1) return;  // nothing to compare, and no hash to compute
  const std::string mine =
      sha256_hex({std::as_bytes(std::span(state.params)), std::as_bytes(std::span(state.adam_m)),
                  std::as_bytes(std::span(state.adam_v))});
  const std::string differ = rank_list(ranks_unlike_root(world, mine));
  if (!differ.empty()) {
    throw CollectiveError("the model replicas differ at step " + std::to_string(step) +
                          ": rank(s)" + differ +
                          " hold other parameters or Adam moments than rank 0; no checkpoint "
                          "was written");
  }
}

}  // namespace cinerec
