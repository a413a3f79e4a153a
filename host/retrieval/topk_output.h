// Writes top-k lists, atomically, under the output policy. A path ending in ".npz" gives one
// NumPy archive of two arrays [users, k]: "ids" (int64 dataset movie indices, the row order of
// movies.csv in `cinerec export`; -1 pads a short row) and "scores" (float32; -inf pads). Any
// other path (".npy" is refused: a pair of files could be mixed) gets CSV
// `user_id,rank,movie_id,score` with the source's ids and ranks from 1.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>

#include "host/comm/rank_ordered_output.h"
#include "host/common/atomic_file.h"
#include "host/common/npz.h"
#include "host/cpu/topk.h"
#include "host/data/dataset/dataset.h"

namespace cinerec {

// Takes the lists a user chunk at a time, so they never all sit in memory. Nothing appears at
// the path until commit(), which refuses a file short of the users announced. Across the ranks
// of `world`, the file holds `users` lists and rank r writes those of its share_of(users) part,
// in order; rank 0 writes the file (host/comm/rank_ordered_output.h), the same bytes as one
// process would.
class TopKWriter {
 public:
  TopKWriter(const std::filesystem::path& path, size_t users, size_t k, const Dataset& data,
             const OutputPolicy& policy, Communicator& world = SingleProcess::instance());
  // Row i of `top` belongs to dataset user users[i].
  void write(const TopK& top, std::span<const uint32_t> users);
  // A collective across ranks.
  void commit();

 private:
  void write_csv(const TopK& top, std::span<const uint32_t> users);
  void write_arrays(const TopK& top);
  void to_file(size_t member, std::span<const std::byte> bytes);

  const Dataset& data_;
  size_t mine_, k_, written_ = 0;  // mine_: this rank's users
  bool csv_format_;
  std::unique_ptr<AtomicFile> csv_;  // rank 0, a CSV path
  std::unique_ptr<NpzWriter> npz_;   // or an .npz archive
  RankOrderedOutput output_;
};

}  // namespace cinerec
