// Every rank of a data-parallel job applies the same update to the same parameters, so the
// replicas stay bitwise equal; a replica that drifted (a reduction that gave ranks different
// bits, a faulty node) must not reach a checkpoint.
#pragma once

#include <cstdint>

#include "host/backend/backend.h"
#include "host/comm/communicator.h"

namespace cinerec {

// Compares a SHA-256 of `state` (parameters and Adam moments) across `world` (a collective,
// and the barrier before rank 0 writes a checkpoint); throws CollectiveError naming the ranks
// that differ from rank 0.
void check_replicas_equal(Communicator& world, const ModelState& state, uint64_t step);

}  // namespace cinerec
