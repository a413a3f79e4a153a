// Builds an output directory under a temporary sibling name and renames it into place on
// commit(), so a crash or an error never leaves a half-written directory at the final path.
#pragma once

#include <filesystem>

namespace cinerec {

class StagedDir {
 public:
  // Refuses an existing `final_path` unless `overwrite` is set.
  StagedDir(std::filesystem::path final_path, bool overwrite);
  ~StagedDir();
  StagedDir(const StagedDir&) = delete;
  StagedDir& operator=(const StagedDir&) = delete;

  const std::filesystem::path& path() const { return staging_; }
  // fsyncs the files, then swaps the staging directory into place.
  void commit();

 private:
  std::filesystem::path final_;
  std::filesystem::path staging_;
  bool overwrite_;
  bool committed_ = false;
};

// A file written piece by piece under a temporary sibling name, then fsynced and renamed into
// place by commit(); destroyed uncommitted (an error midway), it leaves nothing behind.
class AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(const void* bytes, size_t size);
  void commit();

 private:
  std::filesystem::path final_;
  std::filesystem::path temp_;
  int fd_ = -1;
  bool committed_ = false;
};

// Writes `bytes` to `path` through an AtomicFile.
void write_file_atomic(const std::filesystem::path& path, const void* bytes, size_t size);

}  // namespace cinerec
