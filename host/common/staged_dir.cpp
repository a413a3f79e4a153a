#include "host/common/staged_dir.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

#include "host/common/fsync_path.h"

namespace cinerec {
namespace fs = std::filesystem;

StagedDir::StagedDir(const fs::path& final_path, const OutputPolicy& policy)
    : final_(output_path(final_path)), policy_(policy) {
  remove_stale_temporaries(final_, OutputKind::kDirectory);
  check_output(final_, OutputKind::kDirectory, policy_);
  fs::create_directories(final_.parent_path());
  staging_ = temporary_sibling(final_, "tmp");
  fs::create_directory(staging_);
  lock_ = ::open(staging_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (lock_ < 0) {
    throw std::runtime_error("cannot open " + staging_.string() + ": " + std::strerror(errno));
  }
  ::flock(lock_, LOCK_EX);  // see AtomicFile
}

StagedDir::~StagedDir() {
  std::error_code ec;
  fs::remove_all(staging_, ec);  // uncommitted: the partial output; committed: the old one
  if (lock_ >= 0) ::close(lock_);
}

void StagedDir::commit() {
  if (!policy_.marker.file.empty() && !fs::exists(staging_ / policy_.marker.file)) {
    throw std::logic_error("staged output " + final_.string() + " lacks its marker " +
                           policy_.marker.file);
  }
  for (const auto& entry : fs::directory_iterator(staging_)) {
    if (entry.is_regular_file()) fsync_path(entry.path());
  }
  fsync_path(staging_);
  publish_output(staging_, final_, OutputKind::kDirectory, policy_);
  fsync_parent(final_);
}

}  // namespace cinerec
