// Whether every rank holds what rank 0 holds (a config's hash, a model replica's): the one check
// behind the start-up agreement and the replica check.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "host/comm/communicator.h"

namespace cinerec {

// The ranks whose `value` differs from rank 0's, ascending (a collective; empty when all agree).
// Pass a digest rather than the data: every rank receives every rank's value.
std::vector<int> ranks_unlike_root(Communicator& world, std::string_view value);

// What a command's ranks must hold alike (the config, the dataset's fingerprint, ...).
struct AgreedValue {
  std::string_view name;
  std::string value;
};
// "\n  rank R: its NAME differs" for every rank and value unlike rank 0's, or empty (a collective
// per value; a SHA-256 of each value travels).
std::string disagreements(Communicator& world, std::span<const AgreedValue> values);

// " 2 5" for {2, 5}: ranks as a message lists them.
std::string rank_list(const std::vector<int>& ranks);

}  // namespace cinerec
