#include "host/text/title_tokenizer.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace cinerec {
namespace {

using Tokens = std::vector<std::string>;

TEST(TitleTokenizer, LowerCasesLatinWordsAndDropsTheYear) {
  EXPECT_EQ(tokenize_title("Toy Story 2 (1995)"), (Tokens{"toy", "story", "2"}));
  EXPECT_EQ(tokenize_title("Schindler's List"), (Tokens{"schindler", "s", "list"}));
  EXPECT_EQ(tokenize_title("  Star Wars: Episode IV - A New Hope (1977)  "),
            (Tokens{"star", "wars", "episode", "iv", "a", "new", "hope"}));
  EXPECT_EQ(tokenize_title("R2-D2,C-3PO/WALL\xC2\xB7"
                           "E"),
            (Tokens{"r2", "d2", "c", "3po", "wall", "e"}));
}

TEST(TitleTokenizer, SplitsCjkIntoCharacters) {
  EXPECT_EQ(tokenize_title("星球大战2"), (Tokens{"星", "球", "大", "战", "2"}));
  EXPECT_EQ(tokenize_title("爱情公寓 Love Apartment"),
            (Tokens{"爱", "情", "公", "寓", "love", "apartment"}));
  EXPECT_EQ(tokenize_title("abc中def"), (Tokens{"abc", "中", "def"}));
  // Ext. A, compatibility ideograph, hiragana, katakana (the middle dot separates), hangul.
  EXPECT_EQ(tokenize_title("\xE3\x90\x80\xEF\xA4\x80"), (Tokens{"\xE3\x90\x80", "\xEF\xA4\x80"}));
  EXPECT_EQ(tokenize_title("となりのトトロ"), (Tokens{"と", "な", "り", "の", "ト", "ト", "ロ"}));
  EXPECT_EQ(tokenize_title("ハリー・ポッター"), (Tokens{"ハ", "リ", "ー", "ポ", "ッ", "タ", "ー"}));
  EXPECT_EQ(tokenize_title("기생충 (2019)"), (Tokens{"기", "생", "충"}));
}

TEST(TitleTokenizer, SeparatesOnCjkAndGeneralPunctuation) {
  EXPECT_EQ(tokenize_title("大话西游之大圣娶亲，《西游》"),
            (Tokens{"大", "话", "西", "游", "之", "大", "圣", "娶", "亲", "西", "游"}));
  EXPECT_EQ(tokenize_title("Amélie\xE2\x80\x94le\xE2\x80\xA6"
                           "fabuleux\xE3\x80\x80"
                           "destin"),
            (Tokens{"amélie", "le", "fabuleux", "destin"}));
  EXPECT_EQ(tokenize_title("Love\xF0\x9F\x8E\xAC"
                           "Actually\xE2\x84\xA2!!"),
            (Tokens{"love", "actually"}));
}

TEST(TitleTokenizer, FoldsCaseOutsideAscii) {
  EXPECT_EQ(tokenize_title("ÉLÈVE ÀÖØÞ"), (Tokens{"élève", "àöøþ"}));
  EXPECT_EQ(tokenize_title("ŁÓDŹ ŒUVRE ŸES İ"), (Tokens{"łódź", "œuvre", "ÿes", "i"}));
  EXPECT_EQ(tokenize_title("ΆΘΗΝΑ Ώρα"), (Tokens{"άθηνα", "ώρα"}));
  EXPECT_EQ(tokenize_title("БРАТ Ёлки"), (Tokens{"брат", "ёлки"}));
}

TEST(TitleTokenizer, FoldsFullWidthLettersAndDigits) {
  EXPECT_EQ(tokenize_title("ＴＯＹ ｓｔｏｒｙ　２"), (Tokens{"toy", "story", "2"}));
  EXPECT_EQ(tokenize_title("星球大战：第１集（1999）"),
            (Tokens{"星", "球", "大", "战", "第", "1", "集"}));
}

TEST(TitleTokenizer, StripsOnlyATrailingFourDigitYear) {
  int year = -1;
  EXPECT_EQ(strip_title_year("Heat (1995)", &year), "Heat");
  EXPECT_EQ(year, 1995);
  EXPECT_EQ(strip_title_year("  Heat   (1995)  \r\n", &year), "Heat");
  EXPECT_EQ(year, 1995);
  EXPECT_EQ(strip_title_year("霸王别姬（1993）", &year), "霸王别姬");
  EXPECT_EQ(year, 1993);
  EXPECT_EQ(strip_title_year("霸王别姬　（1993）", &year), "霸王别姬");
  EXPECT_EQ(year, 1993);
  EXPECT_EQ(strip_title_year("Heat (abcd)", &year), "Heat (abcd)");
  EXPECT_EQ(year, 0);
  EXPECT_EQ(strip_title_year("1995 (1995) Heat", &year), "1995 (1995) Heat");
  EXPECT_EQ(year, 0);
  EXPECT_EQ(strip_title_year("Heat (995)", &year), "Heat (995)");
  EXPECT_EQ(year, 0);
  EXPECT_EQ(strip_title_year("Heat (19955)", &year), "Heat (19955)");
  EXPECT_EQ(year, 0);
  EXPECT_EQ(strip_title_year("Heat (1995）", &year), "Heat (1995）");
  EXPECT_EQ(year, 0);
  EXPECT_EQ(strip_title_year("(1995)", &year), "(1995)");
  EXPECT_EQ(year, 0);
  EXPECT_EQ(strip_title_year(" Heat ", nullptr), "Heat");

  EXPECT_EQ(tokenize_title("Heat (abcd)"), (Tokens{"heat", "abcd"}));
  EXPECT_EQ(tokenize_title("1995 (1995) Heat"), (Tokens{"1995", "1995", "heat"}));
}

TEST(TitleTokenizer, EmptyAndSeparatorOnlyTitlesHaveNoTokens) {
  EXPECT_EQ(tokenize_title(""), Tokens{});
  EXPECT_EQ(tokenize_title("  -- !? "), Tokens{});
  int year = -1;
  EXPECT_EQ(strip_title_year("", &year), "");
  EXPECT_EQ(year, 0);
}

TEST(TitleTokenizer, RejectsInvalidUtf8NamingTheByte) {
  try {
    tokenize_title("Caf\xE9 (1995)");
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "invalid UTF-8 in title at byte 3");
  }
  EXPECT_THROW(tokenize_title("\xED\xA0\x80"), std::invalid_argument);
  EXPECT_THROW(tokenize_title("ok \xC0\xAF"), std::invalid_argument);
}

}  // namespace
}  // namespace cinerec
