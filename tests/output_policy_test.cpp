// The output policy (host/common/output_policy.h) through its two writers, AtomicFile and
// StagedDir: atomic replacement, what is refused with and without --force, inputs, and the
// clean-up of temporaries that interrupted runs leave.
#include "host/common/output_policy.h"

#include <gtest/gtest.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "host/common/atomic_file.h"
#include "host/common/staged_dir.h"
#include "tests/test_util.h"

namespace cinerec {
namespace {

namespace fs = std::filesystem;

size_t entries(const fs::path& dir) {
  size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir))
    ++n;
  return n;
}

std::string refusal(const std::function<void()>& write) {
  try {
    write();
  } catch (const OutputRefused& e) {
    return e.what();
  }
  return "not refused";
}

void write_file(const fs::path& path, const std::string& text, const OutputPolicy& policy) {
  AtomicFile file(path, policy);
  file.write(text.data(), text.size());
  file.commit();
}

// An output directory: its marker (a JSON object saying "kind": "test") and a data file.
void write_dir(const fs::path& path, const std::string& text, const OutputPolicy& policy) {
  StagedDir staged(path, policy);
  testing::write_text(staged.path() / "marker", R"({"kind": "test"})");
  testing::write_text(staged.path() / "data", text);
  staged.commit();
}

const OutputPolicy kNew{};
const OutputPolicy kForce{.force = true, .inputs = {}, .marker = {}};
const OutputPolicy kForceMarked{.force = true, .inputs = {}, .marker = {"marker", "kind", "test"}};

// A pid that no process has: a child's, after it exited.
pid_t dead_pid() {
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ::waitpid(child, nullptr, 0);
  return child;
}

TEST(OutputPolicy, StagedDirAppearsOnlyOnCommitAndLeavesNothingWhenAbandoned) {
  testing::ScratchDir tmp;
  {
    StagedDir staged(tmp / "out", kNew);
    testing::write_text(staged.path() / "a.txt", "partial");
    EXPECT_FALSE(fs::exists(tmp / "out"));
  }  // abandoned, as when an error unwinds the stack
  EXPECT_FALSE(fs::exists(tmp / "out"));
  EXPECT_EQ(entries(tmp.path()), 0u);
}

TEST(OutputPolicy, StagedDirReplacesAnEarlierOutputInOneSwap) {
  testing::ScratchDir tmp;
  write_dir(tmp / "out", "one", kNew);
  EXPECT_EQ(testing::read_text(tmp / "out" / "data"), "one");
  EXPECT_NE(refusal([&] { write_dir(tmp / "out", "x", kNew); }).find("pass --force"),
            std::string::npos);
  write_dir(tmp / "out/", "two", kForceMarked);
  EXPECT_EQ(testing::read_text(tmp / "out" / "data"), "two");
  EXPECT_EQ(entries(tmp.path()), 1u);  // no old copy, no temporary
}

// `--out ~ --force` must not wipe a directory that was never this command's output, nor one
// that merely has a file of the marker's name (a web extension's manifest.json).
TEST(OutputPolicy, DirectoryWithoutTheMarkerIsNotReplacedEvenWithForce) {
  testing::ScratchDir tmp;
  testing::write_text(tmp / "home" / "thesis.tex", "years of work");
  const std::string why = refusal([&] { write_dir(tmp / "home", "x", kForceMarked); });
  EXPECT_NE(why.find("is not an earlier output of this command (no marker saying \"kind\": "
                     "\"test\")"),
            std::string::npos)
      << why;
  for (const char* other : {R"({"kind": "webapp"})", "not json", "[1, 2]"}) {
    testing::write_text(tmp / "home" / "marker", other);
    EXPECT_NE(refusal([&] { write_dir(tmp / "home", "x", kForceMarked); }).find("not an earlier"),
              std::string::npos)
        << other;
  }
  EXPECT_EQ(testing::read_text(tmp / "home" / "thesis.tex"), "years of work");
  EXPECT_EQ(entries(tmp.path()), 1u);
}

// A directory that appears at the path while the output is built has no marker: it stays.
TEST(OutputPolicy, ADirectoryThatAppearsMeanwhileIsNotSwappedOut) {
  testing::ScratchDir tmp;
  StagedDir staged(tmp / "out", kForceMarked);
  testing::write_text(staged.path() / "marker", R"({"kind": "test"})");
  testing::write_text(tmp / "out" / "mine.txt", "precious");
  EXPECT_NE(refusal([&] { staged.commit(); }).find("not an earlier output"), std::string::npos);
  EXPECT_EQ(testing::read_text(tmp / "out" / "mine.txt"), "precious");
}

TEST(OutputPolicy, PathsAreNormalisedBeforeTheyAreChecked) {
  testing::ScratchDir tmp;
  write_dir(tmp / "out", "one", kNew);
  for (const fs::path& same : {tmp / "out/.", tmp / "out" / "sub" / "..", tmp / "out/"}) {
    write_dir(same, "again", kForceMarked);
    EXPECT_EQ(testing::read_text(tmp / "out" / "data"), "again") << same;
  }
  EXPECT_FALSE(fs::exists(tmp / "out" / "sub"));
  EXPECT_EQ(entries(tmp.path()), 1u);
  EXPECT_EQ(output_path(tmp / "a" / ".." / "b/"), tmp.path() / "b");
  EXPECT_THROW(output_path(""), OutputRefused);
  EXPECT_THROW(output_path("/"), OutputRefused);
}

TEST(OutputPolicy, AtomicFileAppearsOnlyOnCommitAndReplacesOnlyWithForce) {
  testing::ScratchDir tmp;
  {
    AtomicFile file(tmp / "f", kNew);
    file.write("ab", 2);
    file.write_at(1, "X", 1);
    EXPECT_FALSE(fs::exists(tmp / "f"));
    file.commit();
  }
  EXPECT_EQ(testing::read_text(tmp / "f"), "aX");
  EXPECT_NE(refusal([&] { write_file(tmp / "f", "new", kNew); }).find("already exists"),
            std::string::npos);
  {
    AtomicFile file(tmp / "f", kForce);
    file.write("half", 4);
  }  // an error midway: no commit
  EXPECT_EQ(testing::read_text(tmp / "f"), "aX");
  write_file(tmp / "f", "new", kForce);
  EXPECT_EQ(testing::read_text(tmp / "f"), "new");
  EXPECT_EQ(entries(tmp.path()), 1u);
  write_file_atomic(tmp / "g", "abc", 3);
  write_file_atomic(tmp / "g", "xy", 2);
  EXPECT_EQ(testing::read_text(tmp / "g"), "xy");
}

// A write that fails says why, as the OS put it.
TEST(OutputPolicy, FailuresCarryTheOsReason) {
  testing::ScratchDir tmp;
  try {
    write_file_atomic(tmp / "no-such-dir" / "f", "x", 1);
    FAIL() << "written";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(": No such file or directory"), std::string::npos)
        << e.what();
  }
}

// What appears at the path while the output is being written is not clobbered.
TEST(OutputPolicy, AnOutputThatAppearsMeanwhileIsNotReplaced) {
  testing::ScratchDir tmp;
  AtomicFile file(tmp / "f", kNew);
  testing::write_text(tmp / "f", "someone else's");
  EXPECT_NE(refusal([&] { file.commit(); }).find("already exists"), std::string::npos);
  EXPECT_EQ(testing::read_text(tmp / "f"), "someone else's");
}

TEST(OutputPolicy, DevicesFifosDirectoriesAndSymlinksAreNeverWrittenOrReplaced) {
  testing::ScratchDir tmp;
  ASSERT_EQ(::mkfifo((tmp / "fifo").c_str(), 0600), 0);
  testing::write_text(tmp / "real.csv", "keep");
  fs::create_symlink(tmp / "real.csv", tmp / "link.csv");
  fs::create_directory(tmp / "dir");
  const auto why = [&](const fs::path& p) { return refusal([&] { write_file(p, "x", kForce); }); };
  EXPECT_NE(why("/dev/null").find("is a character device"), std::string::npos) << why("/dev/null");
  EXPECT_NE(why(tmp / "fifo").find("is a FIFO"), std::string::npos);
  EXPECT_NE(why(tmp / "link.csv").find("is a symbolic link"), std::string::npos);
  EXPECT_NE(why(tmp / "dir").find("is a directory"), std::string::npos);
  EXPECT_NE(refusal([&] { write_dir(tmp / "real.csv", "x", kForce); }).find("not a directory"),
            std::string::npos);
  fs::create_directory_symlink(tmp / "dir", tmp / "dirlink");
  EXPECT_NE(refusal([&] { write_dir(tmp / "dirlink/", "x", kForce); }).find("symbolic link"),
            std::string::npos);
  EXPECT_EQ(testing::read_text(tmp / "real.csv"), "keep");
  EXPECT_TRUE(fs::is_fifo(tmp / "fifo"));
  EXPECT_TRUE(fs::is_empty(tmp / "dir"));
}

TEST(OutputPolicy, AnOutputThatIsContainsOrIsInsideAnInputIsRefusedEvenWithForce) {
  testing::ScratchDir tmp;
  fs::create_directories(tmp / "p" / "src");
  testing::write_text(tmp / "p" / "src" / "ratings.csv", "data");
  fs::create_directory_symlink(tmp / "p", tmp / "alias");
  const OutputPolicy reads_src{.force = true, .inputs = {tmp / "p" / "src"}, .marker = {}};
  const auto why = [&](const fs::path& p) {
    return refusal([&] { write_dir(p, "x", reads_src); });
  };
  EXPECT_NE(why(tmp / "p" / "src").find("is the input"), std::string::npos);
  EXPECT_NE(why(tmp / "p").find("contains the input"), std::string::npos);
  EXPECT_NE(why(tmp / "p" / "src" / "out").find("is inside the input"), std::string::npos);
  EXPECT_NE(why(tmp / "alias" / "src" / "..").find("contains the input"), std::string::npos);
  EXPECT_NE(refusal([&] {
              write_file(tmp / "alias/src/ratings.csv", "x", reads_src);
            }).find("is inside the input"),
            std::string::npos);
  EXPECT_EQ(testing::read_text(tmp / "p" / "src" / "ratings.csv"), "data");
  write_dir(tmp / "elsewhere", "ok", reads_src);
  // Compared as files, not as path names: a hard link to an input is that input.
  testing::write_text(tmp / "users.txt", "1\n");
  fs::create_hard_link(tmp / "users.txt", tmp / "same.csv");
  const OutputPolicy reads_users{.force = true, .inputs = {tmp / "users.txt"}, .marker = {}};
  EXPECT_NE(refusal([&] { write_file(tmp / "same.csv", "x", reads_users); }).find("is the input"),
            std::string::npos);
  EXPECT_EQ(testing::read_text(tmp / "users.txt"), "1\n");
}

TEST(OutputPolicy, TemporariesOfDeadProcessesAreRemovedByTheNextWriter) {
  testing::ScratchDir tmp;
  const std::string dead = std::to_string(dead_pid());
  const auto tmp_name = [&](const std::string& name, int n) {
    return tmp / (name + ".cinerec-tmp-" + dead + "-" + std::to_string(n));
  };
  fs::create_directory(tmp_name("ds", 0));
  testing::write_text(tmp_name("ds", 0) / "array.bin", "17 MB of it");
  testing::write_text(tmp_name("top.csv", 3), "partial");
  testing::write_text(tmp_name("ds2", 0), "another output's: left alone");
  testing::write_text(tmp_name("ds", 1), "a file, not a directory output's: left alone");
  testing::write_text(tmp / ("top.csv.tmp-" + dead + "-5"), "a name of the user's: left alone");
  // Locked: its writer still runs (in another pid namespace, say), whatever its pid says.
  testing::write_text(tmp_name("top.csv", 4), "in flight");
  const int held = ::open(tmp_name("top.csv", 4).c_str(), O_RDONLY);
  ASSERT_EQ(::flock(held, LOCK_EX), 0);

  write_dir(tmp / "ds", "fresh", kNew);
  write_file(tmp / "top.csv", "fresh", kNew);
  EXPECT_FALSE(fs::exists(tmp_name("ds", 0)));
  EXPECT_FALSE(fs::exists(tmp_name("top.csv", 3)));
  for (const fs::path& kept : {tmp_name("ds2", 0), tmp_name("ds", 1), tmp_name("top.csv", 4),
                               tmp / ("top.csv.tmp-" + dead + "-5")}) {
    EXPECT_TRUE(fs::exists(kept)) << kept;
  }
  ::close(held);
  remove_stale_temporaries_in(tmp.path());  // any name, once unlocked
  EXPECT_FALSE(fs::exists(tmp_name("top.csv", 4)));
  EXPECT_FALSE(fs::exists(tmp_name("ds2", 0)));
}

// Where the swap is two renames, a kill between them leaves the old output aside: put back,
// before the policy looks at the path, so the output finds its predecessor.
TEST(OutputPolicy, AnInterruptedReplacementIsPutBack) {
  testing::ScratchDir tmp;
  const std::string dead = std::to_string(dead_pid());
  const fs::path old = tmp / ("ds.cinerec-old-" + dead + "-0");
  testing::write_text(old / "marker", R"({"kind": "test"})");
  testing::write_text(old / "data", "the old output");
  // Without --force the old output, back in place, is not replaced.
  EXPECT_NE(refusal([&] { StagedDir staged(tmp / "ds", kNew); }).find("already exists"),
            std::string::npos);
  EXPECT_EQ(testing::read_text(tmp / "ds" / "data"), "the old output");
  // File outputs are replaced in one rename and never leave an old copy to put back.
  testing::write_text(tmp / ("f.cinerec-old-" + dead + "-0"), "the user's");
  write_file(tmp / "f", "new", kNew);
  EXPECT_EQ(testing::read_text(tmp / "f"), "new");
  EXPECT_TRUE(fs::exists(tmp / ("f.cinerec-old-" + dead + "-0")));
}

}  // namespace
}  // namespace cinerec
