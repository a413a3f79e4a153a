// RankOrderedOutput seen from one rank of a fake world: rank 0's sink takes its own bytes at
// once and the other ranks' member by member, rank by rank; another rank sends exactly its bytes,
// in pieces of at most the piece size, in the order of the schedule every rank computes.
#include "host/comm/rank_ordered_output.h"

#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <string>

#include "tests/fake_world.h"

namespace cinerec {
namespace {

std::span<const std::byte> bytes_of(std::string_view s) {
  return std::as_bytes(std::span(s));
}

std::string text_of(std::span<const std::byte> b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

// What rank r holds of member m in these tests.
std::string part(int rank, size_t member) {
  if (rank == 1 && member == 0) return "";  // a rank with nothing for a member
  return std::string(static_cast<size_t>(3 + 4 * rank), static_cast<char>('a' + rank)) +
         std::to_string(member);
}

// Rank `rank`'s byte count per member, as the gather of sizes carries it.
std::vector<std::byte> sizes_of(int rank) {
  std::vector<uint64_t> sizes{part(rank, 0).size(), part(rank, 1).size()};
  std::vector<std::byte> out(sizes.size() * sizeof(uint64_t));
  std::memcpy(out.data(), sizes.data(), out.size());
  return out;
}

TEST(RankOrderedOutput, RootTakesEveryRanksBytesInRankOrderPerMember) {
  testing::FakeWorld world(0, 3,
                           [](std::span<const std::byte>, int rank) { return sizes_of(rank); });
  std::map<int, size_t> sent;  // what each rank has sent so far
  constexpr size_t kPiece = 4;
  world.receive = [&](int from) {
    const std::string all = part(from, 0) + part(from, 1);
    const std::string piece = all.substr(sent[from], kPiece);
    // Pieces never span two members: cut at the member's end.
    const size_t end0 = part(from, 0).size();
    const std::string cut = sent[from] < end0 ? piece.substr(0, end0 - sent[from]) : piece;
    sent[from] += cut.size();
    const auto b = bytes_of(cut);
    return std::vector<std::byte>(b.begin(), b.end());
  };
  std::map<size_t, std::string> file;
  RankOrderedOutput out(world, 2,
                        [&](size_t m, std::span<const std::byte> b) { file[m] += text_of(b); });
  out.append(1, bytes_of(part(0, 1)));
  out.append(0, bytes_of(part(0, 0)));
  EXPECT_EQ(file[0], part(0, 0));  // rank 0's own bytes go straight in
  out.finish(kPiece);
  for (size_t m : {0u, 1u})
    EXPECT_EQ(file[m], part(0, m) + part(1, m) + part(2, m)) << m;
}

TEST(RankOrderedOutput, AnotherRankSendsItsBytesInPiecesAndNothingToItsOwnSink) {
  testing::FakeWorld world(2, 3,
                           [](std::span<const std::byte>, int rank) { return sizes_of(rank); });
  bool sink_called = false;
  RankOrderedOutput out(world, 2, [&](size_t, std::span<const std::byte>) { sink_called = true; });
  const std::string m0 = part(2, 0), m1 = part(2, 1);
  out.append(0, bytes_of(m0.substr(0, 5)));
  out.append(1, bytes_of(m1));
  out.append(0, bytes_of(m0.substr(5)));
  out.finish(4);
  EXPECT_FALSE(sink_called);
  std::string sent;
  for (const auto& piece : world.sent) {
    EXPECT_LE(piece.size(), 4u);
    EXPECT_FALSE(piece.empty());
    sent += text_of(piece);
  }
  EXPECT_EQ(sent, m0 + m1);
  EXPECT_EQ(world.sent.size(), (m0.size() + 3) / 4 + (m1.size() + 3) / 4);
}

TEST(RankOrderedOutput, AWorldOfOneWritesStraightThrough) {
  std::string file;
  RankOrderedOutput out(SingleProcess::instance(), 1,
                        [&](size_t, std::span<const std::byte> b) { file += text_of(b); });
  out.append(0, bytes_of("abc"));
  out.finish();
  EXPECT_EQ(file, "abc");
  EXPECT_THROW(out.append(1, bytes_of("x")), std::out_of_range);
}

}  // namespace
}  // namespace cinerec
