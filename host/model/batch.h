// The inputs of one step, gathered from the dataset for a list of rating indices: everything a
// backend needs, so backends never look at the dataset themselves.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "host/data/dataset.h"

namespace cinerec {

struct Batch {
  std::vector<uint32_t> user, gender, age, job, movie;
  std::vector<uint32_t> genre_offsets{0}, genres;  // CSR over the batch's movies
  std::vector<uint32_t> title;                     // [size, title_len] token ids
  std::vector<float> rating;
  uint64_t step = 0;  // global training step: selects the dropout mask

  size_t size() const { return user.size(); }
  void clear(uint64_t at_step);
  // Adds one (user, movie) example with its features looked up in `data`.
  void append(const Dataset& data, uint32_t user, uint32_t movie, float rating);
};

// Overwrites `batch` (reusing its capacity) with the ratings at `indices`.
void gather_batch(const Dataset& data, std::span<const uint32_t> indices, uint64_t step,
                  Batch& batch);

}  // namespace cinerec
