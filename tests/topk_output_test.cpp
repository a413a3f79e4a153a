// TopKWriter: lists written a user chunk at a time give the same bytes as one write, and nothing
// appears at the path until every announced user is written and the file committed.
#include "host/retrieval/topk_output.h"

#include <gtest/gtest.h>

#include "tests/retrieval_fixture.h"
#include "tests/test_util.h"

namespace cinerec {
namespace {

namespace fs = std::filesystem;

// Three users' lists at k = 2; the second user has one movie only.
TopK lists() {
  return {2, {4, 1, 7, kNoMovie, 0, 3}, {2.5f, 1.0f, 0.5f, -INFINITY, 3.0f, -1.25f}, {2, 1, 2}};
}

TopK rows(const TopK& top, size_t first, size_t count) {
  const auto at = [&](const auto& v) {
    return std::vector(v.begin() + first * top.k, v.begin() + (first + count) * top.k);
  };
  return {top.k, at(top.movies), at(top.scores),
          std::vector(top.counts.begin() + first, top.counts.begin() + first + count)};
}

TEST(TopKWriter, ChunkedWritesEqualOneWrite) {
  testing::ScratchDir tmp;
  const Dataset data = testing::small_dataset();
  const std::vector<uint32_t> users = {5, 0, 9};
  const TopK top = lists();
  for (const std::string name : {"top.csv", "top.npz"}) {
    TopKWriter whole(tmp / ("whole-" + name), 3, 2, data, {});
    whole.write(top, users);
    whole.commit();
    TopKWriter chunked(tmp / ("chunked-" + name), 3, 2, data, {});
    chunked.write(rows(top, 0, 1), std::span(users).first(1));
    chunked.write(rows(top, 1, 2), std::span(users).subspan(1));
    chunked.commit();
  }
  EXPECT_EQ(testing::read_text(tmp / "whole-top.csv"), testing::read_text(tmp / "chunked-top.csv"));
  EXPECT_EQ(testing::read_text(tmp / "whole-top.npz"), testing::read_text(tmp / "chunked-top.npz"));
  const std::string csv = testing::read_text(tmp / "whole-top.csv");
  const std::string user9(data.user_ids()[9]), movie3(data.movie_ids()[3]);
  EXPECT_NE(csv.find("\n" + user9 + ",2," + movie3 + ",-1.25\n"), std::string::npos) << csv;
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 6);  // header + 2 + 1 + 2 rows
}

TEST(TopKWriter, ShortOrMisfitOutputIsRefusedAndLeavesNothing) {
  testing::ScratchDir tmp;
  const Dataset data = testing::small_dataset();
  const std::vector<uint32_t> users = {5, 0, 9};
  for (const std::string name : {"a.csv", "a.npz"}) {
    TopKWriter writer(tmp / name, 4, 2, data, {});
    writer.write(lists(), users);
    EXPECT_THROW(writer.commit(), std::logic_error);
    EXPECT_THROW(writer.write(lists(), users), std::logic_error);  // 6 rows into 4
    TopK wrong_k = lists();
    wrong_k.k = 3;
    EXPECT_THROW(writer.write(wrong_k, users), std::logic_error);
  }
  EXPECT_TRUE(fs::is_empty(tmp.path()));
}

// A pair of .npy files could be left mixed by a kill between their renames; one .npz cannot.
TEST(TopKWriter, NpyPathIsRefusedNamingTheNpzAlternative) {
  testing::ScratchDir tmp;
  const Dataset data = testing::small_dataset();
  try {
    TopKWriter writer(tmp / "top.npy", 3, 2, data, {});
    FAIL() << "accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("top.npz"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(fs::is_empty(tmp.path()));
}

}  // namespace
}  // namespace cinerec
