#include "host/train/replica_check.h"

#include <string>
#include <string_view>
#include <vector>

#include "host/common/sha256.h"

namespace cinerec {

void check_replicas_equal(Communicator& world, const ModelState& state, uint64_t step) {
  if (world.size() == 1) return;
  const std::string mine =
      sha256_hex({std::as_bytes(std::span(state.params)), std::as_bytes(std::span(state.adam_m)),
                  std::as_bytes(std::span(state.adam_v))});
  std::vector<size_t> counts;
  const auto gathered = world.gather_all<char>(std::span<const char>(mine), counts);
  const std::string_view all(gathered.data(), gathered.size()), root = all.substr(0, mine.size());
  std::string differ;
  for (int r = 1; r < world.size(); ++r) {
    if (all.substr(r * mine.size(), mine.size()) != root) differ += " " + std::to_string(r);
  }
  if (!differ.empty()) {
    throw CollectiveError("the model replicas differ at step " + std::to_string(step) +
                          ": rank(s)" + differ +
                          " hold other parameters or Adam moments than rank 0; no checkpoint "
                          "was written");
  }
}

}  // namespace cinerec
