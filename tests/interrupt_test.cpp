// SIGINT/SIGTERM while an InterruptGuard exists: the first is recorded for the training loop,
// the second ends the process as the signal's default action would; the guard restores the old
// handlers. Each case runs in a child process, so the test binary's own handlers stay untouched.
#include "host/train/interrupt.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <functional>

namespace cinerec {
namespace {

// The child's wait status after running `body` (whose return value is its exit status).
int in_child(const std::function<int()>& body) {
  const pid_t child = ::fork();
  if (child == 0) ::_exit(body());
  int status = 0;
  ::waitpid(child, &status, 0);
  return status;
}

TEST(InterruptGuard, TheFirstSignalIsRecordedNotFatal) {
  for (const int signal : {SIGINT, SIGTERM}) {
    const int status = in_child([signal] {
      const InterruptGuard guard;
      if (guard.pending() != 0) return 1;
      std::raise(signal);
      return guard.pending() == signal ? 0 : 2;
    });
    ASSERT_TRUE(WIFEXITED(status)) << signal;
    EXPECT_EQ(WEXITSTATUS(status), 0) << signal;
  }
}

TEST(InterruptGuard, ASecondSignalEndsTheProcessAtOnce) {
  const int status = in_child([] {
    const InterruptGuard guard;
    std::raise(SIGINT);
    std::raise(SIGINT);
    return 0;  // not reached
  });
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGINT);
}

TEST(InterruptGuard, RestoresThePreviousHandlers) {
  const int status = in_child([] {
    { const InterruptGuard guard; }
    std::raise(SIGTERM);
    return 0;  // not reached: SIGTERM's default action again
  });
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGTERM);
}

TEST(InterruptedTraining, ExitsWith128PlusTheSignal) {
  EXPECT_EQ(TrainingInterrupted(SIGINT, "x").exit_status(), 130);
  EXPECT_EQ(TrainingInterrupted(SIGTERM, "x").exit_status(), 143);
}

}  // namespace
}  // namespace cinerec
