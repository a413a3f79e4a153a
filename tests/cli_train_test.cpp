// `cinerec train` as a process: a kill -9 between checkpoints, then --resume, must end with the
// same parameters, bit for bit, as a run that was never interrupted.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "host/common/safetensors.h"
#include "host/train/checkpoint.h"
#include "tests/cli_runner.h"
#include "tests/run_logs.h"
#include "tests/run_tensors.h"
#include "tests/test_util.h"

namespace cinerec {
namespace {

namespace fs = std::filesystem;

int run(const std::string& args) {
  return std::system((std::string(CINEREC_BINARY) + " " + args + " >/dev/null 2>&1").c_str());
}

using testing::spawn_cli;
using testing::wait_cli;

// Waits (at most two minutes) until `path` exists.
void await(const fs::path& path) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (!fs::exists(path)) {
    ASSERT_LT(std::chrono::steady_clock::now(), give_up) << path << " did not appear";
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

// A Douban-shaped source and its dataset, for runs long enough to be interrupted.
void make_dataset(const testing::ScratchDir& tmp) {
  ASSERT_EQ(run("synth --out " + (tmp / "raw").string() +
                " --users 200 --movies 1500 --ratings 12000 --seed 5"),
            0);
  ASSERT_EQ(run("prepare --in " + (tmp / "raw").string() + " --format douban --out " +
                (tmp / "ds").string()),
            0);
}

TEST(CliTrain, KillNineThenResumeIsBitwiseIdentical) {
  testing::ScratchDir tmp;
  make_dataset(tmp);
  const std::vector<std::string> train = {
      "train",           "--data", (tmp / "ds").string(),      "--set",
      "train.epochs=2",  "--set",  "train.batch_size=64",      "--set",
      "train.threads=2", "--set",  "train.checkpoint_every=40"};

  auto whole = train;
  whole.insert(whole.end(), {"--out", (tmp / "whole").string()});
  const int status = wait_cli(spawn_cli(whole));
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);

  auto killed = train;
  killed.insert(killed.end(), {"--out", (tmp / "killed").string()});
  const pid_t k = spawn_cli(killed);
  ASSERT_GT(k, 0);
  await(tmp / "killed" / "model.safetensors");
  ::kill(k, SIGKILL);
  ASSERT_TRUE(WIFSIGNALED(wait_cli(k)));
  const uint64_t steps_at_kill = read_run_info(tmp / "killed").progress.global_step;
  EXPECT_LT(steps_at_kill, read_run_info(tmp / "whole").progress.global_step);

  // --resume alone continues with the run's own config.
  const testing::CliResult resumed =
      testing::run_cli("train --data " + (tmp / "ds").string() + " --out " +
                       (tmp / "killed").string() + " --resume");
  ASSERT_EQ(resumed.status, 0) << resumed.output;
  EXPECT_EQ(testing::run_tensors(tmp / "killed"), testing::run_tensors(tmp / "whole"));
  testing::expect_loss_windows_add_up(tmp / "whole");
  testing::expect_loss_windows_add_up(tmp / "killed");
}

// Ctrl-C mid-epoch, with no step- or time-based checkpoints: the step finishes, a checkpoint is
// written, the exit status is 130 and the message says how to resume, which ends bitwise where
// an uninterrupted run does.
TEST(CliTrain, SigintCheckpointsMidEpochAndResumesBitwiseIdentical) {
  testing::ScratchDir tmp;
  make_dataset(tmp);
  const std::vector<std::string> train = {
      "train",           "--data", (tmp / "ds").string(),       "--set",
      "train.epochs=2",  "--set",  "train.batch_size=16",       "--set",
      "train.threads=1", "--set",  "train.checkpoint_minutes=0"};
  auto whole = train;
  whole.insert(whole.end(), {"--out", (tmp / "whole").string()});
  ASSERT_EQ(wait_cli(spawn_cli(whole)), 0);

  auto stopped = train;
  stopped.insert(stopped.end(), {"--out", (tmp / "stopped").string()});
  const std::string log = (tmp / "log").string();
  const pid_t p = spawn_cli(stopped, log);
  await(tmp / "stopped" / "metrics.jsonl");  // written once the handlers are in place
  ::kill(p, SIGINT);
  const int status = wait_cli(p);
  ASSERT_TRUE(WIFEXITED(status)) << testing::read_text(log);
  EXPECT_EQ(WEXITSTATUS(status), 130) << testing::read_text(log);
  const std::string output = testing::read_text(log);
  EXPECT_TRUE(testing::contains(output, "train: stopped by SIGINT in epoch 1 after batch "))
      << output;
  EXPECT_TRUE(testing::contains(output, "Resume with: cinerec train --data")) << output;
  const TrainProgress at_stop = read_run_info(tmp / "stopped").progress;
  EXPECT_EQ(at_stop.epochs_done, 0u) << "stopped too late to be mid-epoch";
  EXPECT_GT(at_stop.batches_done, 0u);

  const std::string resume = output.substr(output.find("cinerec train --data") + 8);
  const testing::CliResult resumed = testing::run_cli(resume.substr(0, resume.find('\n')));
  ASSERT_EQ(resumed.status, 0) << resumed.output;
  EXPECT_EQ(testing::run_tensors(tmp / "stopped"), testing::run_tensors(tmp / "whole"));
  testing::expect_loss_windows_add_up(tmp / "stopped");
}

// One writer per run directory: a second `train --out` is refused with the holder's pid while
// the first runs, and a lock left by a killed run stops no one.
TEST(CliTrain, ASecondWriterOfARunDirectoryIsRefused) {
  testing::ScratchDir tmp;
  make_dataset(tmp);
  const std::string out = (tmp / "run").string();
  const pid_t first = spawn_cli({"train", "--data", (tmp / "ds").string(), "--out", out, "--set",
                                 "train.epochs=1000", "--set", "train.threads=1"});
  await(tmp / "run" / "metrics.jsonl");
  const testing::CliResult second =
      testing::run_cli("train --data " + (tmp / "ds").string() + " --out " + out);
  EXPECT_EQ(second.status, 1);
  EXPECT_TRUE(testing::contains(
      second.output, "is being written by another cinerec process (pid " + std::to_string(first)))
      << second.output;
  ::kill(first, SIGKILL);
  wait_cli(first);
  // The lock died with its holder. Whether the holder had finished its first epoch (and written
  // a checkpoint, to be resumed) depends on the machine's speed; either way a writer may start.
  const std::string resume = fs::exists(tmp / "run" / "model.safetensors") ? " --resume" : "";
  const testing::CliResult after =
      testing::run_cli("train --data " + (tmp / "ds").string() + " --out " + out + resume +
                       " --set train.epochs=1 --set train.threads=1");
  EXPECT_EQ(after.status, 0) << after.output;
}

}  // namespace
}  // namespace cinerec
