// The inputs of one step, gathered from the dataset for a list of rating indices: what a model
// pass reads. (The CPU backend gathers its batches here; the CUDA backend gathers on the device,
// the same fields, from its own copy of the dataset.)
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "host/data/dataset/dataset.h"
#include "host/model/ranking_term.h"

namespace cinerec {

// The id fields of a batch, by which the model's description names what each table reads.
enum class BatchField { kUser, kGender, kAge, kJob, kMovie, kGenres, kTitle };

struct Batch {
  std::vector<uint32_t> user, gender, age, job, movie;
  std::vector<uint32_t> genre_offsets{0}, genres;  // CSR over the batch's movies
  std::vector<uint32_t> title;                     // [size, title_len] token ids
  std::vector<float> rating;
  // With a ranking term, the rows come in ranking.group() groups (the rating, then its sampled
  // movies, whose `rating` is the pointwise target) and `weight` holds each row's weight in the
  // loss: 1 for a rating, ranking.weight for a sampled movie, 0 for one its user has none of.
  RankingTerm ranking;
  std::vector<float> weight;
  uint64_t step = 0;  // global training step: selects the dropout mask
  // Where these rows sit in the step's global batch when they are one rank's part of it: row i's
  // dropout mask is that of global row first_row + i, and the loss is the mean over loss_rows()
  // ratings (global_size; 0 when this batch is the whole step).
  size_t first_row = 0, global_size = 0;
  size_t loss_rows() const { return global_size == 0 ? size() / ranking.group() : global_size; }

  size_t size() const { return user.size(); }
  const std::vector<uint32_t>& ids(BatchField field) const;
  void clear(uint64_t at_step);
  // Adds one (user, movie) example with its features looked up in `data`.
  void append(const Dataset& data, uint32_t user, uint32_t movie, float rating);
};

// Overwrites `batch` (reusing its capacity) with the ratings at `indices`.
void gather_batch(const Dataset& data, std::span<const uint32_t> indices, uint64_t step,
                  Batch& batch);

}  // namespace cinerec
