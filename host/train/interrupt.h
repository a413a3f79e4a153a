// Ctrl-C (SIGINT) and SIGTERM during training: the first asks the loop to stop after the
// current step, write a checkpoint and exit with a message saying how to resume; a second one
// ends the process at once, as the signal's default action would.
#pragma once

#include <stdexcept>
#include <string>

namespace cinerec {

// While one exists, SIGINT and SIGTERM are caught as above; destruction restores the previous
// handlers. At most one at a time.
class InterruptGuard {
 public:
  InterruptGuard();
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

  // The signal received since construction, or 0.
  int pending() const;
};

// Thrown by the trainer once the checkpoint of an interrupted run is written.
class TrainingInterrupted : public std::runtime_error {
 public:
  TrainingInterrupted(int signal, const std::string& what)
      : std::runtime_error(what), signal_(signal) {}
  int signal() const { return signal_; }
  // 128 + the signal number, as a shell reports a process the signal ended.
  int exit_status() const { return 128 + signal_; }

 private:
  int signal_;
};

}  // namespace cinerec
