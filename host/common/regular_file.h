// Opening a file a command reads as input. Only regular files are accepted (after following
// symbolic links), so a link to /dev/zero, a FIFO or a directory is refused up front instead of
// being read without end or blocking.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <utility>

namespace cinerec {

// An owned file descriptor, closed on destruction.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  ~UniqueFd();
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;

  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_ = -1;
};

// Opens `path` read-only. Throws InputError naming `path` with the OS error, or saying what kind
// of file it is when it is not a regular one.
UniqueFd open_regular_file(const std::filesystem::path& path);

// The whole content of a regular file.
std::string read_regular_file(const std::filesystem::path& path);

// "a directory", "a character device", "a FIFO", ... for a stat mode, as messages name files.
const char* file_type_name(unsigned mode);

}  // namespace cinerec
