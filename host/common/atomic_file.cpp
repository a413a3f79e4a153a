#include "host/common/atomic_file.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "host/common/fsync_path.h"

namespace cinerec {
namespace fs = std::filesystem;
namespace {

[[noreturn]] void throw_errno(const std::string& what, const fs::path& p) {
  throw std::runtime_error(what + " " + p.string() + ": " + std::strerror(errno));
}

}  // namespace

AtomicFile::AtomicFile(const fs::path& path, const OutputPolicy& policy)
    : final_(output_path(path)), policy_(policy) {
  remove_stale_temporaries(final_, OutputKind::kFile);
  check_output(final_, OutputKind::kFile, policy_);
  temp_ = temporary_sibling(final_, "tmp");
  fd_ = ::open(temp_.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd_ < 0) throw_errno("cannot create", temp_);
  // Marks it as in use for remove_stale_temporaries; where flock is not supported, the pid in
  // its name does that alone.
  ::flock(fd_, LOCK_EX);
}

AtomicFile::~AtomicFile() {
  if (!committed_) ::unlink(temp_.c_str());
  if (fd_ >= 0) ::close(fd_);
}

void AtomicFile::write(const void* bytes, size_t size) {
  const char* p = static_cast<const char*>(bytes);
  while (size > 0) {
    const ssize_t n = ::write(fd_, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw_errno("cannot write", temp_);
    p += n;
    size -= static_cast<size_t>(n);
  }
}

void AtomicFile::write_at(uint64_t offset, const void* bytes, size_t size) {
  const char* p = static_cast<const char*>(bytes);
  while (size > 0) {
    const ssize_t n = ::pwrite(fd_, p, size, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw_errno("cannot write", temp_);
    p += n;
    offset += static_cast<uint64_t>(n);
    size -= static_cast<size_t>(n);
  }
}

void AtomicFile::commit() {
  if (::fsync(fd_) != 0) throw_errno("cannot fsync", temp_);
  publish_output(temp_, final_, OutputKind::kFile, policy_);
  committed_ = true;
  ::close(fd_);
  fd_ = -1;
  fsync_parent(final_);
}

void write_file_atomic(const fs::path& path, const void* bytes, size_t size) {
  AtomicFile file(path, OutputPolicy::replace());
  file.write(bytes, size);
  file.commit();
}

}  // namespace cinerec
