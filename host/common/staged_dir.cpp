#include "host/common/staged_dir.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace cinerec {
namespace fs = std::filesystem;
namespace {

[[noreturn]] void throw_errno(const std::string& what, const fs::path& p) {
  throw std::runtime_error(what + " " + p.string() + ": " + std::strerror(errno));
}

void fsync_path(const fs::path& p, int flags) {
  const int fd = ::open(p.c_str(), flags);
  if (fd < 0) throw_errno("cannot open", p);
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) throw_errno("cannot fsync", p);
}

fs::path unique_sibling(const fs::path& p, const char* tag) {
  return p.parent_path() / (p.filename().string() + tag + std::to_string(::getpid()));
}

fs::path parent_or_dot(const fs::path& p) {
  return p.parent_path().empty() ? fs::path(".") : p.parent_path();
}

}  // namespace

StagedDir::StagedDir(fs::path final_path, bool overwrite)
    : final_(std::move(final_path)), overwrite_(overwrite) {
  if (final_.filename().empty()) final_ = final_.parent_path();
  if (fs::exists(final_) && !overwrite_) {
    throw std::runtime_error("output " + final_.string() +
                             " already exists (pass --force to replace it)");
  }
  if (!final_.parent_path().empty()) fs::create_directories(final_.parent_path());
  staging_ = unique_sibling(final_, ".tmp-");
  fs::remove_all(staging_);
  fs::create_directory(staging_);
}

StagedDir::~StagedDir() {
  if (!committed_) {
    std::error_code ec;
    fs::remove_all(staging_, ec);
  }
}

void StagedDir::commit() {
  for (const auto& entry : fs::directory_iterator(staging_)) {
    if (entry.is_regular_file()) fsync_path(entry.path(), O_RDONLY);
  }
  fsync_path(staging_, O_RDONLY | O_DIRECTORY);
  const fs::path old = unique_sibling(final_, ".old-");
  const bool replacing = fs::exists(final_);
  if (replacing) fs::rename(final_, old);
  fs::rename(staging_, final_);
  fsync_path(parent_or_dot(final_), O_RDONLY | O_DIRECTORY);
  committed_ = true;
  if (replacing) fs::remove_all(old);
}

AtomicFile::AtomicFile(fs::path path)
    : final_(std::move(path)), temp_(unique_sibling(final_, ".tmp-")) {
  fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd_ < 0) throw_errno("cannot create", temp_);
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_) ::unlink(temp_.c_str());
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

void AtomicFile::commit() {
  if (::fsync(fd_) != 0) throw_errno("cannot fsync", temp_);
  ::close(fd_);
  fd_ = -1;
  fs::rename(temp_, final_);
  committed_ = true;
  fsync_path(parent_or_dot(final_), O_RDONLY | O_DIRECTORY);
}

void write_file_atomic(const fs::path& path, const void* bytes, size_t size) {
  AtomicFile file(path);
  file.write(bytes, size);
  file.commit();
}

}  // namespace cinerec
