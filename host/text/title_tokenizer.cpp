#include "host/text/title_tokenizer.h"

#include <array>
#include <stdexcept>
#include <utility>

#include "host/text/utf8.h"

namespace cinerec {
namespace {

enum class CharClass { kWord, kCjk, kSeparator };

constexpr bool in(char32_t c, char32_t first, char32_t last) {
  return c >= first && c <= last;
}

// Latin, Greek and Cyrillic letters (with their combining accents) and digits, ASCII or
// full-width.
bool is_word_char(char32_t c) {
  if (c < 0x80) return in(c, '0', '9') || in(c, 'A', 'Z') || in(c, 'a', 'z');
  return (in(c, 0xC0, 0x24F) && c != 0xD7 && c != 0xF7)  // Latin-1 letters, Latin Extended-A/B
         || in(c, 0x300, 0x36F)                          // combining diacritics
         || c == 0x386 || in(c, 0x388, 0x3FF)            // Greek
         || in(c, 0x400, 0x481) || in(c, 0x48A, 0x52F)   // Cyrillic
         || in(c, 0x1E00, 0x1FFF)                        // Latin Extended Additional, Greek Ext.
         || in(c, 0xFF10, 0xFF19) || in(c, 0xFF21, 0xFF3A) || in(c, 0xFF41, 0xFF5A);
}

// Ideographs, kana and hangul: each character is a token of its own.
bool is_cjk(char32_t c) {
  return c == 0x3005 || c == 0x3007                           // 々 〇
         || in(c, 0x3041, 0x3096) || in(c, 0x309D, 0x309F)    // Hiragana
         || in(c, 0x30A1, 0x30FA) || in(c, 0x30FC, 0x30FF)    // Katakana, without the middle dot
         || in(c, 0x31F0, 0x31FF) || in(c, 0xFF66, 0xFF9F)    // Katakana ext., half-width
         || in(c, 0x3400, 0x4DBF) || in(c, 0x4E00, 0x9FFF)    // CJK Ext. A, Unified Ideographs
         || in(c, 0xF900, 0xFAFF) || in(c, 0x20000, 0x2FA1F)  // compatibility, Ext. B and on
         || in(c, 0xAC00, 0xD7A3);                            // Hangul syllables
}

CharClass classify(char32_t c) {
  if (is_word_char(c)) return CharClass::kWord;
  if (is_cjk(c)) return CharClass::kCjk;
  return CharClass::kSeparator;
}

// Upper case within the blocks where case pairs sit at even/odd positions.
bool is_even_odd_upper(char32_t c) {
  return in(c, 0x100, 0x137) || in(c, 0x14A, 0x177) || in(c, 0x460, 0x481) || in(c, 0x48A, 0x4BF) ||
         in(c, 0x4D0, 0x52F) || in(c, 0x1E00, 0x1E95) || in(c, 0x1EA0, 0x1EFF);
}
bool is_odd_even_upper(char32_t c) {
  return in(c, 0x139, 0x148) || in(c, 0x179, 0x17E) || in(c, 0x4C1, 0x4CE);
}

// Lower case for the scripts titles use; full-width ASCII letters and digits fold to ASCII.
char32_t fold_case(char32_t c) {
  if (in(c, 'A', 'Z')) return c + 0x20;
  if (c < 0x80) return c;
  if (in(c, 0xFF10, 0xFF19)) return c - 0xFF10 + U'0';
  if (in(c, 0xFF21, 0xFF3A)) return c - 0xFF21 + U'a';
  if (in(c, 0xFF41, 0xFF5A)) return c - 0xFF41 + U'a';
  if (in(c, 0xC0, 0xDE) && c != 0xD7) return c + 0x20;
  if (c == 0x130) return U'i';  // İ
  if (c == 0x178) return 0xFF;  // Ÿ
  if (is_even_odd_upper(c)) return c | 1u;
  if (is_odd_even_upper(c)) return c % 2 == 1 ? c + 1 : c;
  if (in(c, 0x391, 0x3AB) && c != 0x3A2) return c + 0x20;  // Greek capitals
  if (c == 0x386) return 0x3AC;
  if (in(c, 0x388, 0x38A)) return c + 0x25;
  if (c == 0x38C) return 0x3CC;
  if (in(c, 0x38E, 0x38F)) return c + 0x3F;
  if (in(c, 0x410, 0x42F)) return c + 0x20;  // Cyrillic capitals
  if (in(c, 0x400, 0x40F)) return c + 0x50;
  if (c == 0x4C0) return 0x4CF;
  return c;
}

constexpr std::string_view kIdeographicSpace = "\u3000";

std::string_view trim(std::string_view s) {
  constexpr std::string_view kAsciiSpace = " \t\r\n\v\f";
  for (;;) {
    const size_t before = s.size();
    while (!s.empty() && kAsciiSpace.find(s.front()) != std::string_view::npos)
      s.remove_prefix(1);
    while (!s.empty() && kAsciiSpace.find(s.back()) != std::string_view::npos)
      s.remove_suffix(1);
    if (s.starts_with(kIdeographicSpace)) s.remove_prefix(kIdeographicSpace.size());
    if (s.ends_with(kIdeographicSpace)) s.remove_suffix(kIdeographicSpace.size());
    if (s.size() == before) return s;
  }
}

// ASCII "(1995)" and full-width "（1995）".
constexpr std::array<std::pair<std::string_view, std::string_view>, 2> kYearBrackets = {{
    {"(", ")"},
    {"\uFF08", "\uFF09"},
}};
constexpr size_t kYearDigits = 4;

// The year in a trailing "(YYYY)" of `title`, or 0; `rest` receives what precedes it.
int trailing_year(std::string_view title, std::string_view& rest) {
  for (const auto& [open, close] : kYearBrackets) {
    if (title.size() < open.size() + kYearDigits + close.size() || !title.ends_with(close)) {
      continue;
    }
    const size_t digits_at = title.size() - close.size() - kYearDigits;
    const size_t open_at = digits_at - open.size();
    if (title.substr(open_at, open.size()) != open) continue;
    int year = 0;
    for (const char c : title.substr(digits_at, kYearDigits)) {
      if (c < '0' || c > '9') return 0;
      year = year * 10 + (c - '0');
    }
    rest = title.substr(0, open_at);
    return year;
  }
  return 0;
}

}  // namespace

std::string_view strip_title_year(std::string_view title, int* year) {
  title = trim(title);
  std::string_view rest;
  int found = trailing_year(title, rest);
  rest = trim(rest);
  // A title that is nothing but "(1995)" keeps it as its name.
  if (found != 0 && rest.empty()) found = 0;
  if (year != nullptr) *year = found;
  return found != 0 ? rest : title;
}

std::vector<std::string> tokenize_title(std::string_view title) {
  if (const auto bad = utf8::first_invalid(title)) {
    throw std::invalid_argument("invalid UTF-8 in title at byte " + std::to_string(*bad));
  }
  const std::string_view name = strip_title_year(title, nullptr);
  std::vector<std::string> tokens;
  std::string word;
  const auto end_word = [&] {
    if (!word.empty()) tokens.push_back(std::exchange(word, {}));
  };
  size_t pos = 0;
  char32_t c;
  while (utf8::decode(name, pos, c)) {
    switch (classify(c)) {
      case CharClass::kWord:
        utf8::append(word, fold_case(c));
        break;
      case CharClass::kCjk:
        end_word();
        utf8::append(tokens.emplace_back(), c);
        break;
      case CharClass::kSeparator:
        end_word();
        break;
    }
  }
  end_word();
  return tokens;
}

}  // namespace cinerec
