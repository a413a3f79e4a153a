// Writes a top-k result, atomically. A path ending in ".npy" gives two arrays [users, k]:
// STEM_ids.npy (int64 dataset movie indices, the row order of movies.csv in `cinerec export`;
// -1 pads a short row) and STEM_scores.npy (float32; -inf pads). Any other path gets CSV
// `user_id,rank,movie_id,score` with the source's ids and ranks from 1.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>

#include "host/data/dataset.h"
#include "host/retrieval/topk.h"

namespace cinerec {

// Row i of `top` belongs to dataset user users[i].
void write_topk(const std::filesystem::path& path, const TopK& top, std::span<const uint32_t> users,
                const Dataset& data);

}  // namespace cinerec
