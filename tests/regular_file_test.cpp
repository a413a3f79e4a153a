// Input files: only regular files are read, and errors name the file and the reason.
#include "host/common/regular_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "host/common/checked_math.h"
#include "host/common/input_error.h"
#include "tests/test_util.h"

namespace cinerec {
namespace {

std::string error_of(const std::filesystem::path& p) {
  try {
    read_regular_file(p);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(RegularFile, ReadsARegularFileWholeAndThroughASymlink) {
  testing::ScratchDir tmp;
  testing::write_text(tmp / "a.txt", "hello\nworld");
  std::filesystem::create_symlink(tmp / "a.txt", tmp / "link");
  EXPECT_EQ(read_regular_file(tmp / "a.txt"), "hello\nworld");
  EXPECT_EQ(read_regular_file(tmp / "link"), "hello\nworld");
  testing::write_text(tmp / "empty", "");
  EXPECT_EQ(read_regular_file(tmp / "empty"), "");
}

TEST(RegularFile, RefusesDevicesFifosDirectoriesAndMissingFiles) {
  testing::ScratchDir tmp;
  std::filesystem::create_symlink("/dev/zero", tmp / "zero");
  ASSERT_EQ(::mkfifo((tmp / "fifo").c_str(), 0600), 0);
  EXPECT_NE(error_of(tmp / "zero").find("is a character device"), std::string::npos)
      << error_of(tmp / "zero");
  EXPECT_NE(error_of(tmp / "fifo").find("is a FIFO"), std::string::npos);
  EXPECT_NE(error_of(tmp.path()).find("is a directory"), std::string::npos);
  const std::string missing = error_of(tmp / "nope");
  EXPECT_NE(missing.find("nope: cannot open: No such file"), std::string::npos) << missing;
}

TEST(CheckedMath, DetectsOverflowAndNamesWhatWasSized) {
  EXPECT_EQ(checked_mul(size_t{1} << 31, size_t{1} << 31, "x"), size_t{1} << 62);
  EXPECT_THROW(checked_mul(size_t{1} << 61, 16, "x"), SizeOverflow);
  EXPECT_THROW(checked_add(~size_t{0}, 1, "x"), SizeOverflow);
  const std::vector<size_t> shape{140000, size_t{1} << 61};
  try {
    checked_product(shape, "user_embedding");
    FAIL() << "no overflow";
  } catch (const SizeOverflow& e) {
    EXPECT_NE(std::string(e.what()).find("user_embedding"), std::string::npos);
  }
  EXPECT_EQ(checked_product(std::vector<size_t>{}, "empty"), 1u);
}

}  // namespace
}  // namespace cinerec
