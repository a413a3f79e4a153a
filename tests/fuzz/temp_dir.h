// Private temporary directories for the files a target hands to the code under test (the readers
// take paths, not bytes). They live under $CINEREC_FUZZ_TMPDIR when set, else under /dev/shm when
// it is writable, so thousands of inputs a second cause no disk traffic, else under the system
// temp directory.
#pragma once

#include <filesystem>
#include <string_view>

namespace cinerec::fuzz {

// A fresh directory (mkdtemp, mode 0700), removed with its contents on destruction. A crashing
// run leaves it behind: cinerec-fuzz-* (tools/fuzz.sh removes those of its runs).
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // Removes everything inside.
  void clear() const;

 private:
  std::filesystem::path path_;
};

// The directory for the current input's files: one per process, emptied on every call, so no
// file of an earlier input is seen by a later one.
const std::filesystem::path& fresh_input_dir();

// Creates or truncates `path` with `bytes`; throws std::runtime_error when it cannot.
void write_file(const std::filesystem::path& path, std::string_view bytes);

}  // namespace cinerec::fuzz
