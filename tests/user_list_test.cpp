// `score --users FILE`: one source id per line, blank lines and white space ignored, a byte
// order mark skipped, unknown ids located at FILE:LINE.
#include "host/retrieval/user_list.h"

#include <gtest/gtest.h>

#include "host/common/input_error.h"
#include "tests/retrieval_fixture.h"
#include "tests/test_util.h"

namespace cinerec {
namespace {

TEST(UserList, ReadsIdsInFileOrderSkippingBlanksAndAByteOrderMark) {
  testing::ScratchDir tmp;
  const Dataset data = testing::small_dataset();
  const std::string a(data.user_ids()[3]), b(data.user_ids()[0]);
  testing::write_text(tmp / "users.txt", "\xEF\xBB\xBF" + a + "\r\n\n  " + b + " \n");
  EXPECT_EQ(read_user_list(tmp / "users.txt", data), (std::vector<uint32_t>{3, 0}));
}

TEST(UserList, AnUnknownIdIsLocated) {
  testing::ScratchDir tmp;
  const Dataset data = testing::small_dataset();
  testing::write_text(tmp / "users.txt", std::string(data.user_ids()[1]) + "\nnosuch\n");
  try {
    read_user_list(tmp / "users.txt", data);
    FAIL() << "accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("users.txt:2: unknown user id \"nosuch\""),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace cinerec
