// A prepared dataset's split as RecBole's atomic files, so RecBole (and Surprise, from the same
// files) train and test on exactly cinerec's split: NAME.train.inter, NAME.valid.inter and
// NAME.test.inter (RecBole's `benchmark_filename: [train, valid, test]`), tab-separated, headed
// `user_id:token  item_id:token  rating:float  timestamp:float`, with the source's ids. A split
// without ratings gives a file of the header alone. Written in a directory built under a
// temporary name (host/common/staged_dir.h).
#pragma once

#include <filesystem>
#include <string>

#include "host/common/output_policy.h"
#include "host/data/dataset/dataset.h"

namespace cinerec {

void write_recbole_atomic(const Dataset& data, const std::filesystem::path& dir,
                          const std::string& name, const OutputPolicy& policy);

}  // namespace cinerec
