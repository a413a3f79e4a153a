#include "host/train/interrupt.h"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <stdexcept>

namespace cinerec {
namespace {

// Read by the training loop's thread while the handler may run on any thread (an OpenMP worker).
std::atomic<int> g_pending{0};
static_assert(std::atomic<int>::is_always_lock_free, "the signal handler needs a lock-free flag");
bool g_installed = false;
struct sigaction g_previous_int, g_previous_term;

void on_signal(int signal) {
  if (g_pending.load() != 0) {
    // The second one: do what the signal would have done without us.
    std::signal(signal, SIG_DFL);
    std::raise(signal);
    return;
  }
  g_pending.store(signal);
  constexpr char kMessage[] =
      "\ncinerec: stopping after this step to write a checkpoint (press Ctrl-C again to stop at "
      "once, without one)\n";
  [[maybe_unused]] const ssize_t n = ::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
}

}  // namespace

InterruptGuard::InterruptGuard() {
  if (g_installed) throw std::logic_error("InterruptGuard: one at a time");
  g_pending.store(0);
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
  return g_pending.load();
}

}  // namespace cinerec
