// Writes top-k lists, atomically. A path ending in ".npy" gives two arrays [users, k]:
// STEM_ids.npy (int64 dataset movie indices, the row order of movies.csv in `cinerec export`;
// -1 pads a short row) and STEM_scores.npy (float32; -inf pads). Any other path gets CSV
// `user_id,rank,movie_id,score` with the source's ids and ranks from 1.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>

#include "host/common/npy.h"
#include "host/common/staged_dir.h"
#include "host/data/dataset.h"
#include "host/retrieval/topk.h"

namespace cinerec {

// Takes the lists a user chunk at a time, so they never all sit in memory. Nothing appears at
// the path until commit(), which refuses a file short of the users announced.
class TopKWriter {
 public:
  TopKWriter(const std::filesystem::path& path, size_t users, size_t k, const Dataset& data);
  // Row i of `top` belongs to dataset user users[i].
  void write(const TopK& top, std::span<const uint32_t> users);
  void commit();

 private:
  void write_csv(const TopK& top, std::span<const uint32_t> users);
  void write_arrays(const TopK& top);

  const Dataset& data_;
  size_t users_, k_, written_ = 0;
  std::unique_ptr<AtomicFile> csv_;          // a CSV path
  std::unique_ptr<NpyWriter<int64_t>> ids_;  // or an .npy pair
  std::unique_ptr<NpyWriter<float>> scores_;
};

}  // namespace cinerec
