// Input quoted into messages: recognisable, bounded, and never able to cut or garble the message.
#include "host/common/input_error.h"

#include <gtest/gtest.h>

#include <string>

namespace cinerec {
namespace {

using std::string_literals::operator""s;

TEST(QuoteInput, QuotesShortInputAsItIs) {
  EXPECT_EQ(quote_input("abc"), "\"abc\"");
  EXPECT_EQ(quote_input(""), "\"\"");
  EXPECT_EQ(quote_input("霸王别姬 \"x\""), "\"霸王别姬 \"x\"\"");
  EXPECT_EQ(quote_input(std::string(40, 'a')), "\"" + std::string(40, 'a') + "\"");
}

// A NUL would end the message where a C string is printed; a CR would let the rest overwrite
// the start of the line on a terminal.
TEST(QuoteInput, EscapesControlBytes) {
  EXPECT_EQ(quote_input("a\0b\r\n\t\x1B\x7F"s), "\"a\\x00b\\r\\n\\t\\x1B\\x7F\"");
}

TEST(QuoteInput, CutsLongInputOnACharacterBoundary) {
  EXPECT_EQ(quote_input(std::string(1 << 20, 'x')), "\"" + std::string(40, 'x') + "...\"");
  // "星" is three bytes at bytes 39-41: the cut moves before it.
  EXPECT_EQ(quote_input(std::string(39, 'y') + "星星"), "\"" + std::string(39, 'y') + "...\"");
  EXPECT_EQ(quote_input("abcdef", 3), "\"abc...\"");
  // The cap counts input bytes; escapes may lengthen what is shown, but only by a bounded factor.
  EXPECT_EQ(quote_input(std::string(100, '\0')).size(), 2 + 40 * 4 + 3);
}

}  // namespace
}  // namespace cinerec
