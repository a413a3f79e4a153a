// The one writer of a run directory: `train` holds an flock on RUN/train.lock (which names its
// pid) for as long as it runs, so a second `train --out RUN` is refused instead of interleaving
// metrics and deleting the other's checkpoint files. Readers (eval, score, ...) take no lock:
// every file they read is replaced atomically.
#pragma once

#include <filesystem>

namespace cinerec {

class RunDirLock {
 public:
  // Throws std::runtime_error naming the holder's pid when another process holds the lock.
  explicit RunDirLock(const std::filesystem::path& run_dir);
  ~RunDirLock();
  RunDirLock(const RunDirLock&) = delete;
  RunDirLock& operator=(const RunDirLock&) = delete;

  static constexpr const char* kFileName = "train.lock";

 private:
  int fd_ = -1;
};

}  // namespace cinerec
