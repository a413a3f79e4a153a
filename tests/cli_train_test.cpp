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
#include "tests/test_util.h"

extern char** environ;

namespace cinerec {
namespace {

namespace fs = std::filesystem;

int run(const std::string& args) {
  return std::system((std::string(CINEREC_BINARY) + " " + args + " >/dev/null 2>&1").c_str());
}

pid_t spawn(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const auto& a : args)
    argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  return pid;
}

std::map<std::string, std::vector<std::byte>> tensors(const fs::path& run) {
  const SafetensorsFile file(run / "model.safetensors");
  std::map<std::string, std::vector<std::byte>> out;
  for (const auto& name : file.names()) {
    const auto bytes = file.tensor(name).bytes;
    out[name].assign(bytes.begin(), bytes.end());
  }
  return out;
}

TEST(CliTrain, KillNineThenResumeIsBitwiseIdentical) {
  testing::ScratchDir tmp;
  const std::string raw = (tmp / "raw").string(), ds = (tmp / "ds").string();
  ASSERT_EQ(run("synth --out " + raw + " --users 200 --movies 1500 --ratings 12000 --seed 5"), 0);
  ASSERT_EQ(run("prepare --in " + raw + " --format douban --out " + ds), 0);
  const std::vector<std::string> train = {
      CINEREC_BINARY, "train",           "--data", ds,
      "--set",        "train.epochs=2",  "--set",  "train.batch_size=64",
      "--set",        "train.threads=2", "--set",  "train.checkpoint_every=40"};

  auto whole = train;
  whole.insert(whole.end(), {"--out", (tmp / "whole").string()});
  const pid_t w = spawn(whole);
  ASSERT_GT(w, 0);
  int status = 0;
  ASSERT_EQ(waitpid(w, &status, 0), w);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);

  auto killed = train;
  killed.insert(killed.end(), {"--out", (tmp / "killed").string()});
  const pid_t k = spawn(killed);
  ASSERT_GT(k, 0);
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (!fs::exists(tmp / "killed" / "model.safetensors")) {
    ASSERT_LT(std::chrono::steady_clock::now(), give_up) << "no checkpoint appeared";
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ::kill(k, SIGKILL);
  ASSERT_EQ(waitpid(k, &status, 0), k);
  ASSERT_TRUE(WIFSIGNALED(status));
  const uint64_t steps_at_kill = read_run_info(tmp / "killed").progress.global_step;
  EXPECT_LT(steps_at_kill, read_run_info(tmp / "whole").progress.global_step);

  std::string resume_args;
  for (size_t i = 1; i < killed.size(); ++i)
    resume_args += killed[i] + " ";
  const testing::CliResult resumed = testing::run_cli(resume_args + "--resume");
  ASSERT_EQ(resumed.status, 0) << resumed.output;
  EXPECT_EQ(tensors(tmp / "killed"), tensors(tmp / "whole"));
}

}  // namespace
}  // namespace cinerec
