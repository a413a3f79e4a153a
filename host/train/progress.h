// Training progress on stderr: a live bar (loss, samples/s, ETA) on a terminal, plain periodic
// lines otherwise (logs, CI).
#pragma once

#include <chrono>
#include <cstddef>

namespace cinerec {

class Progress {
 public:
  Progress(size_t epoch, size_t epochs, size_t steps, double log_every_seconds);

  // Whether a report is due: the caller then fetches the loss (a device sync) and calls report.
  bool due() const;
  void report(size_t steps_done, size_t samples_done, double mean_loss);
  void finish();

 private:
  using Clock = std::chrono::steady_clock;
  size_t epoch_, epochs_, steps_;
  bool terminal_;
  double interval_;
  Clock::time_point start_, last_;
};

}  // namespace cinerec
