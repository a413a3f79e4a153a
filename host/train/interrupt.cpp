#include "host/train/interrupt.h"

#include <unistd.h>

#include <csignal>
#include <stdexcept>

namespace cinerec {
namespace {

volatile std::sig_atomic_t g_pending = 0;
bool g_installed = false;
struct sigaction g_previous_int, g_previous_term;

void on_signal(int signal) {
  if (g_pending != 0) {
    // The second one: do what the signal would have done without us.
    std::signal(signal, SIG_DFL);
    std::raise(signal);
    return;
  }
  g_pending = signal;
  constexpr char kMessage[] =
      "\ncinerec: stopping after this step to write a checkpoint (press Ctrl-C again to stop at "
      "once, without one)\n";
  [[maybe_unused]] const ssize_t n = ::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
}

}  // namespace

InterruptGuard::InterruptGuard() {
  if (g_installed) throw std::logic_error("InterruptGuard: one at a time");
  g_pending = 0;
  struct sigaction action {};
  action.sa_handler = on_signal;
  action.sa_flags = SA_RESTART;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &g_previous_int);
  sigaction(SIGTERM, &action, &g_previous_term);
  g_installed = true;
}

InterruptGuard::~InterruptGuard() {
  sigaction(SIGINT, &g_previous_int, nullptr);
  sigaction(SIGTERM, &g_previous_term, nullptr);
  g_installed = false;
}

int InterruptGuard::pending() const {
  return g_pending;
}

}  // namespace cinerec
