// Builds an output directory under a temporary sibling name and moves it into place on commit()
// under the output policy (host/common/output_policy.h): a new name is created, an existing
// output swapped in one rename, so a crash or an error never leaves a half-written directory,
// nor no directory at all, at the final path.
#pragma once

#include <filesystem>

#include "host/common/output_policy.h"

namespace cinerec {

class StagedDir {
 public:
  // Removes stale temporaries of `final_path` and checks it against `policy` (a directory
  // output) before anything is written.
  StagedDir(const std::filesystem::path& final_path, const OutputPolicy& policy);
  ~StagedDir();
  StagedDir(const StagedDir&) = delete;
  StagedDir& operator=(const StagedDir&) = delete;

  const std::filesystem::path& path() const { return staging_; }
  // fsyncs the files, then moves the staging directory into place.
  void commit();

 private:
  std::filesystem::path final_;
  std::filesystem::path staging_;
  OutputPolicy policy_;
  int lock_ = -1;  // an flock on the staging directory while it is being built
};

}  // namespace cinerec
