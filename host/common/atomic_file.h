// A file written under a temporary name beside its final path, then fsynced and renamed into
// place by commit() under the output policy (host/common/output_policy.h). Destroyed uncommitted
// (an error midway), it leaves nothing behind.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>

#include "host/common/output_policy.h"

namespace cinerec {

class AtomicFile {
 public:
  // Removes stale temporaries of `path` and checks it against `policy` before anything is
  // written.
  AtomicFile(const std::filesystem::path& path, const OutputPolicy& policy);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  // Appends at the end.
  void write(const void* bytes, size_t size);
  // Writes at `offset` (for formats that fill in a header after the data).
  void write_at(uint64_t offset, const void* bytes, size_t size);
  void commit();

 private:
  std::filesystem::path final_;
  std::filesystem::path temp_;
  OutputPolicy policy_;
  int fd_ = -1;  // holds an flock while the file is being written
  bool committed_ = false;
};

// Writes `bytes` to `path` through an AtomicFile: a file inside a directory cinerec owns, so a
// regular file of that name is replaced (OutputPolicy::replace()).
void write_file_atomic(const std::filesystem::path& path, const void* bytes, size_t size);

}  // namespace cinerec
