#include "host/common/fsync_path.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

#include "host/common/regular_file.h"

namespace cinerec {

void fsync_path(const std::filesystem::path& path) {
  const UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0 || ::fsync(fd.get()) != 0) {
    throw std::runtime_error("cannot fsync " + path.string() + ": " + std::strerror(errno));
  }
}

void fsync_parent(const std::filesystem::path& path) {
  fsync_path(path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path());
}

}  // namespace cinerec
