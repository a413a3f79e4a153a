// The .npz writer: members filled in any interleaving, a valid ZIP64 archive numpy.load reads
// with every CRC checked, equal content giving equal bytes, and nothing left on failure.
#include "host/common/npz.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "tests/test_util.h"

namespace cinerec {
namespace {

namespace fs = std::filesystem;

std::vector<NpzWriter::Member> members() {
  return {NpzWriter::Member::of<int64_t>("ids", {2, 3}),
          NpzWriter::Member::of<float>("scores", {2, 3})};
}

void write_interleaved(const fs::path& path) {
  NpzWriter npz(path, members(), {});
  npz.append<int64_t>(0, std::vector<int64_t>{5, -1, 1LL << 40});
  npz.append<float>(1, std::vector<float>{0.5f, -2.0f, 3.0f});
  npz.append<float>(1, std::vector<float>{4.0f, 5.5f, -0.25f});
  npz.append<int64_t>(0, std::vector<int64_t>{7, 8, 9});
  npz.commit();
}

TEST(Npz, InterleavedWritesGiveTheSameBytesAsMemberByMember) {
  testing::ScratchDir tmp;
  write_interleaved(tmp / "a.npz");
  NpzWriter npz(tmp / "b.npz", members(), {});
  npz.append<int64_t>(0, std::vector<int64_t>{5, -1, 1LL << 40, 7, 8, 9});
  npz.append<float>(1, std::vector<float>{0.5f, -2.0f, 3.0f, 4.0f, 5.5f, -0.25f});
  npz.commit();
  EXPECT_EQ(testing::read_text(tmp / "a.npz"), testing::read_text(tmp / "b.npz"));
  EXPECT_EQ(testing::read_text(tmp / "a.npz").substr(0, 4), std::string("PK\x03\x04", 4));
}

TEST(Npz, ShortMembersWrongTypesAndExtraValuesAreRefusedAndLeaveNothing) {
  testing::ScratchDir tmp;
  {
    NpzWriter npz(tmp / "a.npz", members(), {});
    npz.append<int64_t>(0, std::vector<int64_t>(6, 1));
    EXPECT_THROW(npz.append<int64_t>(0, std::vector<int64_t>{1}), std::invalid_argument);
    EXPECT_THROW(npz.append<float>(0, std::vector<float>{1}), std::invalid_argument);
    EXPECT_THROW(npz.commit(), std::invalid_argument);  // scores empty
  }
  EXPECT_TRUE(fs::is_empty(tmp.path()));
}

TEST(Npz, NumpyLoadsBothArraysAndZipfileFindsEveryCrcRight) {
  if (std::system("/usr/bin/python3 -c 'import numpy' >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "no numpy for /usr/bin/python3";
  }
  testing::ScratchDir tmp;
  write_interleaved(tmp / "a.npz");
  const std::string script =
      "import numpy as np, sys, zipfile\n"
      "assert zipfile.ZipFile(sys.argv[1]).testzip() is None\n"
      "f = np.load(sys.argv[1])\n"
      "assert sorted(f.files) == ['ids', 'scores']\n"
      "assert f['ids'].dtype == np.int64 and f['ids'].tolist() == [[5, -1, 1 << 40], [7, 8, 9]]\n"
      "assert f['scores'].dtype == np.float32\n"
      "assert f['scores'].tolist() == [[0.5, -2, 3], [4, 5.5, -0.25]]\n";
  testing::write_text(tmp / "check.py", script);
  EXPECT_EQ(std::system(
                ("/usr/bin/python3 " + (tmp / "check.py").string() + " " + (tmp / "a.npz").string())
                    .c_str()),
            0);
}

}  // namespace
}  // namespace cinerec
