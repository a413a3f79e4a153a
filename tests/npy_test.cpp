// The .npy writer: exact header bytes, the data after them, an array written in pieces, and
// numpy.load reading the result.
#include "host/common/npy.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>

#include "tests/test_util.h"

namespace cinerec {
namespace {

// The header numpy.save writes for a float32 array of shape (3, 2), typed out by hand: the dict
// is 59 bytes, so 58 spaces and a newline pad the whole to 128.
TEST(Npy, HeaderMatchesNumpyByteForByte) {
  const std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }";
  ASSERT_EQ(dict.size(), 59u);
  const std::string expected =
      std::string("\x93NUMPY\x01\x00v\x00", 10) + dict + std::string(58, ' ') + "\n";
  EXPECT_EQ(npy_header("<f4", {3, 2}), expected);
}

TEST(Npy, OneDimensionalShapesHaveATrailingComma) {
  const std::string header = npy_header("<i8", {5});
  EXPECT_NE(header.find("'shape': (5,), }"), std::string::npos) << header;
  EXPECT_EQ(header.size() % 64, 0u);
  EXPECT_EQ(header.back(), '\n');
}

TEST(Npy, FileIsHeaderThenLittleEndianData) {
  testing::ScratchDir tmp;
  const std::vector<float> values = {1.0f, -2.5f, 3.25f, 0.0f, 5.0f, 6.0f};
  write_npy<float>(tmp / "a.npy", values, {2, 3});
  const std::string bytes = testing::read_text(tmp / "a.npy");
  const std::string header = npy_header("<f4", {2, 3});
  ASSERT_EQ(bytes.size(), header.size() + sizeof(float) * values.size());
  EXPECT_EQ(bytes.substr(0, header.size()), header);
  std::vector<float> read(values.size());
  std::memcpy(read.data(), bytes.data() + header.size(), bytes.size() - header.size());
  EXPECT_EQ(read, values);
}

TEST(Npy, ShapeThatDoesNotHoldTheValuesIsRefused) {
  testing::ScratchDir tmp;
  const std::vector<int64_t> values = {1, 2, 3};
  EXPECT_THROW(write_npy<int64_t>(tmp / "a.npy", values, {2, 2}), std::invalid_argument);
  EXPECT_FALSE(std::filesystem::exists(tmp / "a.npy"));
}

TEST(Npy, WriterAppendsPiecesAndRefusesAShortOrLongArray) {
  testing::ScratchDir tmp;
  NpyWriter<float> pieces(tmp / "p.npy", {2, 3});
  pieces.append(std::vector<float>{1.0f, -2.5f});
  pieces.append(std::vector<float>{3.25f, 0.0f, 5.0f, 6.0f});
  EXPECT_FALSE(std::filesystem::exists(tmp / "p.npy"));
  pieces.commit();
  write_npy<float>(tmp / "w.npy", std::vector<float>{1.0f, -2.5f, 3.25f, 0.0f, 5.0f, 6.0f}, {2, 3});
  EXPECT_EQ(testing::read_text(tmp / "p.npy"), testing::read_text(tmp / "w.npy"));
  {
    NpyWriter<uint32_t> short_one(tmp / "s.npy", {4});
    short_one.append(std::vector<uint32_t>{1, 2, 3});
    EXPECT_THROW(short_one.append(std::vector<uint32_t>{4, 5}), std::invalid_argument);
    EXPECT_THROW(short_one.commit(), std::invalid_argument);
  }
  EXPECT_FALSE(std::filesystem::exists(tmp / "s.npy"));
}

bool have_numpy() {
  return std::system("/usr/bin/python3 -c 'import numpy' >/dev/null 2>&1") == 0;
}

TEST(Npy, NumpyLoadsEveryType) {
  if (!have_numpy()) GTEST_SKIP() << "no numpy for /usr/bin/python3";
  testing::ScratchDir tmp;
  write_npy<float>(tmp / "f.npy", std::vector<float>{0.5f, -1.0f, 2.0f, 4.0f}, {2, 2});
  write_npy<int64_t>(tmp / "i.npy", std::vector<int64_t>{-1, 7, 1LL << 40}, {3});
  write_npy<uint32_t>(tmp / "u.npy", std::vector<uint32_t>{4000000000u}, {1, 1});
  const std::string script =
      "import numpy as np, sys\n"
      "d = sys.argv[1]\n"
      "f = np.load(d + '/f.npy'); i = np.load(d + '/i.npy'); u = np.load(d + '/u.npy')\n"
      "assert f.dtype == np.float32 and f.shape == (2, 2) and f.tolist() == [[0.5, -1], [2, 4]]\n"
      "assert i.dtype == np.int64 and i.tolist() == [-1, 7, 1 << 40]\n"
      "assert u.dtype == np.uint32 and u.shape == (1, 1) and u[0, 0] == 4000000000\n";
  testing::write_text(tmp / "check.py", script);
  EXPECT_EQ(
      std::system(
          ("/usr/bin/python3 " + (tmp / "check.py").string() + " " + tmp.path().string()).c_str()),
      0);
}

}  // namespace
}  // namespace cinerec
