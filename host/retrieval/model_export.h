// `cinerec export`: a trained model's features and embedding tables as NumPy arrays, with the id
// maps, in one directory built under a temporary name and renamed into place:
//   user_features.npy [users, feature_dim], movie_features.npy [movies, feature_dim] (float32,
//   eval mode: u and m of docs/model.md); TABLE.npy for every embedding table, in its ParamLayout
//   shape; users.csv (index,user_id) and movies.csv (index,movie_id,title,genres), where index
//   is the row in the arrays. The feature arrays are made and written `feature_chunk` rows at a
//   time, so they never sit in memory whole.
#pragma once

#include <filesystem>

#include "host/comm/communicator.h"
#include "host/common/output_policy.h"
#include "host/runtime/trained_model.h"

namespace cinerec {

// export.json names the run and the dataset ("format": "cinerec-export", the marker `policy`
// gets added). Across the ranks of `world` (a collective), each makes its share of the feature
// rows and rank 0 writes the directory, the same bytes as one process would.
void export_model(TrainedModel& model, const std::filesystem::path& out, OutputPolicy policy,
                  size_t feature_chunk = size_t{1} << 16,
                  Communicator& world = SingleProcess::instance());

}  // namespace cinerec
