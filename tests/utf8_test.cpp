#include "host/text/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace cinerec::utf8 {
namespace {

// Decodes `bytes` as exactly one code point; nullopt when decode refuses it.
std::optional<char32_t> decode_one(std::string_view bytes) {
  size_t pos = 0;
  char32_t cp = 0;
  if (!decode(bytes, pos, cp)) {
    EXPECT_EQ(pos, 0u) << "a refused sequence must leave pos alone";
    return std::nullopt;
  }
  EXPECT_EQ(pos, bytes.size());
  return cp;
}

TEST(Utf8Decode, AcceptsEachLength) {
  EXPECT_EQ(decode_one("A"), U'A');
  EXPECT_EQ(decode_one("\x7F"), 0x7Fu);
  EXPECT_EQ(decode_one("\xC2\x80"), 0x80u);
  EXPECT_EQ(decode_one("\xC3\xA9"), 0xE9u);
  EXPECT_EQ(decode_one("\xDF\xBF"), 0x7FFu);
  EXPECT_EQ(decode_one("\xE0\xA0\x80"), 0x800u);
  EXPECT_EQ(decode_one("\xE6\x98\x9F"), 0x661Fu);  // 星
  EXPECT_EQ(decode_one("\xED\x9F\xBF"), 0xD7FFu);
  EXPECT_EQ(decode_one("\xEE\x80\x80"), 0xE000u);
  EXPECT_EQ(decode_one("\xEF\xBF\xBF"), 0xFFFFu);
  EXPECT_EQ(decode_one("\xF0\x90\x80\x80"), 0x10000u);
  EXPECT_EQ(decode_one("\xF0\x9F\x8E\xAC"), 0x1F3ACu);  // 🎬
  EXPECT_EQ(decode_one("\xF4\x8F\xBF\xBF"), 0x10FFFFu);
}

TEST(Utf8Decode, AdvancesThroughAString) {
  const std::string_view s = "a\xC3\xA9\xE6\x98\x9F";
  size_t pos = 0;
  char32_t cp = 0;
  ASSERT_TRUE(decode(s, pos, cp));
  EXPECT_EQ(cp, U'a');
  ASSERT_TRUE(decode(s, pos, cp));
  EXPECT_EQ(cp, 0xE9u);
  EXPECT_EQ(pos, 3u);
  ASSERT_TRUE(decode(s, pos, cp));
  EXPECT_EQ(cp, 0x661Fu);
  EXPECT_EQ(pos, 6u);
  EXPECT_FALSE(decode(s, pos, cp));
  EXPECT_EQ(pos, 6u);
}

TEST(Utf8Decode, RejectsOverlongEncodings) {
  EXPECT_EQ(decode_one("\xC0\x80"), std::nullopt);
  EXPECT_EQ(decode_one("\xC1\xBF"), std::nullopt);
  EXPECT_EQ(decode_one("\xE0\x80\x80"), std::nullopt);
  EXPECT_EQ(decode_one("\xE0\x9F\xBF"), std::nullopt);
  EXPECT_EQ(decode_one("\xF0\x80\x80\x80"), std::nullopt);
  EXPECT_EQ(decode_one("\xF0\x8F\xBF\xBF"), std::nullopt);
}

TEST(Utf8Decode, RejectsSurrogatesAndBeyondUnicode) {
  EXPECT_EQ(decode_one("\xED\xA0\x80"), std::nullopt);      // U+D800
  EXPECT_EQ(decode_one("\xED\xBF\xBF"), std::nullopt);      // U+DFFF
  EXPECT_EQ(decode_one("\xF4\x90\x80\x80"), std::nullopt);  // U+110000
  EXPECT_EQ(decode_one("\xF5\x80\x80\x80"), std::nullopt);
  EXPECT_EQ(decode_one("\xF8\x88\x80\x80\x80"), std::nullopt);
  EXPECT_EQ(decode_one("\xFF"), std::nullopt);
}

TEST(Utf8Decode, RejectsTruncatedAndBrokenSequences) {
  EXPECT_EQ(decode_one("\xC3"), std::nullopt);
  EXPECT_EQ(decode_one("\xE6\x98"), std::nullopt);
  EXPECT_EQ(decode_one("\xF0\x9F\x8E"), std::nullopt);
  EXPECT_EQ(decode_one("\x80"), std::nullopt);  // lone continuation byte
  EXPECT_EQ(decode_one("\xC3"
                       "A"),
            std::nullopt);  // continuation missing
  EXPECT_EQ(decode_one("\xE6\x98"
                       "A"),
            std::nullopt);
  size_t pos = 0;
  char32_t cp = 0;
  EXPECT_FALSE(decode("", pos, cp));
}

TEST(Utf8FirstInvalid, FindsTheOffsetOfTheFirstBadSequence) {
  EXPECT_EQ(first_invalid(""), std::nullopt);
  EXPECT_EQ(first_invalid("plain ascii, long enough for the word-at-a-time path"), std::nullopt);
  EXPECT_EQ(first_invalid("\xE6\x98\x9F\xE7\x90\x83 caf\xC3\xA9 \xF0\x9F\x8E\xAC"), std::nullopt);
  EXPECT_EQ(first_invalid("\x80"), 0u);
  EXPECT_EQ(first_invalid("abc\xC3"), 3u);
  EXPECT_EQ(first_invalid("0123456789abcdefghij\xED\xA0\x80xyz"), 20u);
  EXPECT_EQ(first_invalid("caf\xC3\xA9 and caf\xE9 again"), 13u);
  EXPECT_EQ(first_invalid("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC0\x80"), 8u);
}

TEST(Utf8Append, EncodesEveryLengthAndRoundTrips) {
  for (const char32_t cp : {0x0u, 0x41u, 0x7Fu, 0x80u, 0x7FFu, 0x800u, 0xD7FFu, 0xE000u, 0xFFFFu,
                            0x10000u, 0x10FFFFu}) {
    std::string s;
    append(s, cp);
    EXPECT_EQ(decode_one(s), cp) << std::hex << static_cast<uint32_t>(cp);
  }
  std::string s = "x";
  append(s, 0x661F);
  EXPECT_EQ(s, "x\xE6\x98\x9F");
}

TEST(Utf8Append, ReplacesUnencodableValues) {
  std::string s;
  append(s, 0xD800);
  append(s, 0x110000);
  EXPECT_EQ(s, "\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(Utf8FromLatin1, TranscodesHighBytes) {
  EXPECT_EQ(from_latin1(""), "");
  EXPECT_EQ(from_latin1("plain"), "plain");
  EXPECT_EQ(from_latin1("Caf\xE9 \xC0 la cr\xE8me \xFF\xA0"),
            "Caf\xC3\xA9 \xC3\x80 la cr\xC3\xA8me \xC3\xBF\xC2\xA0");
  std::string every_byte;
  for (int b = 1; b < 256; ++b)
    every_byte += static_cast<char>(b);
  const std::string utf8 = from_latin1(every_byte);
  EXPECT_EQ(utf8.size(), 127u + 2u * 128u);
  size_t pos = 0;
  char32_t cp = 0;
  for (int b = 1; b < 256; ++b) {
    ASSERT_TRUE(decode(utf8, pos, cp));
    EXPECT_EQ(cp, static_cast<char32_t>(b));
  }
  EXPECT_EQ(pos, utf8.size());
}

}  // namespace
}  // namespace cinerec::utf8
