// One output that every rank of a job makes a contiguous part of, in rank order (the lists of
// `cinerec score`, the feature arrays of `export`): rank 0 writes the file, and its own part goes
// straight to it; the other ranks keep theirs in an unlinked temporary file (under TMPDIR: local
// disk, no file system shared with rank 0 needed) until finish() sends them to rank 0, one piece
// at a time, so no rank holds more than a piece of the output in memory. An output may have
// several members (the arrays of an .npz), each every rank's bytes for it, in rank order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "host/comm/communicator.h"
#include "host/common/regular_file.h"

namespace cinerec {

class RankOrderedOutput {
 public:
  // Takes bytes for `member`, in order (called on rank 0 only).
  using Sink = std::function<void(size_t member, std::span<const std::byte> bytes)>;

  RankOrderedOutput(Communicator& world, size_t members, Sink sink);

  // This rank's next bytes of `member`.
  void append(size_t member, std::span<const std::byte> bytes);
  // A collective: rank 0's sink then takes every other rank's bytes, member by member and rank by
  // rank, in pieces of at most `piece` bytes.
  void finish(size_t piece = size_t{8} << 20);

 private:
  void send_parts(const std::vector<uint64_t>& sizes, size_t piece);

  Communicator& world_;
  size_t members_;
  Sink sink_;
  std::vector<UniqueFd> spools_;  // off rank 0: one unlinked file per member
  std::vector<uint64_t> sizes_;   // this rank's bytes per member
};

}  // namespace cinerec
