#include "host/train/progress.h"

#include <unistd.h>

#include <cstdio>
#include <string>

namespace cinerec {

Progress::Progress(size_t epoch, size_t epochs, size_t steps, double log_every_seconds)
    : epoch_(epoch),
      epochs_(epochs),
      steps_(steps),
      terminal_(::isatty(STDERR_FILENO) == 1),
      interval_(terminal_ ? 0.25 : log_every_seconds),
      start_(Clock::now()),
      last_(start_) {}

bool Progress::due() const {
  return std::chrono::duration<double>(Clock::now() - last_).count() >= interval_;
}

void Progress::report(size_t steps_done, size_t samples_done, double mean_loss) {
  last_ = Clock::now();
  const double elapsed = std::chrono::duration<double>(last_ - start_).count();
  const double rate = elapsed > 0 ? static_cast<double>(samples_done) / elapsed : 0.0;
  const double eta = steps_done > 0 ? elapsed * static_cast<double>(steps_ - steps_done) /
                                          static_cast<double>(steps_done)
                                    : 0.0;
  if (terminal_) {
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(kWidth * steps_done / (steps_ ? steps_ : 1));
    std::fprintf(stderr, "\repoch %zu/%zu [%s%s] %zu/%zu loss %.4f  %.0f samples/s  ETA %.0fs ",
                 epoch_, epochs_, std::string(static_cast<size_t>(filled), '#').c_str(),
                 std::string(static_cast<size_t>(kWidth - filled), '.').c_str(), steps_done, steps_,
                 mean_loss, rate, eta);
  } else {
    std::fprintf(stderr, "epoch %zu/%zu step %zu/%zu loss %.4f %.0f samples/s ETA %.0fs\n", epoch_,
                 epochs_, steps_done, steps_, mean_loss, rate, eta);
  }
  std::fflush(stderr);
}

void Progress::finish() {
  if (terminal_) std::fprintf(stderr, "\n");
}

}  // namespace cinerec
