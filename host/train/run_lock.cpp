#include "host/train/run_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace cinerec {
namespace {

std::string holder_pid(int fd) {
  char buffer[32] = {};
  const ssize_t n = ::pread(fd, buffer, sizeof buffer - 1, 0);
  std::string pid(buffer, n > 0 ? static_cast<size_t>(n) : 0);
  while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' '))
    pid.pop_back();
  return pid.empty() ? "unknown" : pid;
}

}  // namespace

RunDirLock::RunDirLock(const std::filesystem::path& run_dir) {
  const std::filesystem::path path = run_dir / kFileName;
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd_ < 0) {
    throw std::runtime_error("cannot open " + path.string() + ": " + std::strerror(errno));
  }
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    const std::string pid = holder_pid(fd_);
    ::close(fd_);
    if (error != EWOULDBLOCK) {
      throw std::runtime_error("cannot lock " + path.string() + ": " + std::strerror(error) +
                               " (a run directory needs a file system with flock)");
    }
    throw std::runtime_error("run directory " + run_dir.string() +
                             " is being written by another cinerec process (pid " + pid +
                             ", holding " + kFileName + "); wait for it or stop it");
  }
  // The lock file stays; only the lock marks a live writer. The pid is for the message above.
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd_, 0) != 0 || ::pwrite(fd_, pid.data(), pid.size(), 0) < 0) {
    ::close(fd_);
    throw std::runtime_error("cannot write " + path.string() + ": " + std::strerror(errno));
  }
}

RunDirLock::~RunDirLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace cinerec
