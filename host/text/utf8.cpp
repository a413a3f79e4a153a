#include "host/text/utf8.h"

#include <cstdint>
#include <cstring>

namespace cinerec::utf8 {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

bool is_scalar_value(char32_t cp) {
  return cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF);
}

// Eight bytes at a time while the text is ASCII, which almost all of our input is.
size_t ascii_prefix(std::string_view s, size_t pos) {
  constexpr uint64_t kHighBits = 0x8080808080808080ull;
  while (s.size() - pos >= sizeof(uint64_t)) {
    uint64_t word;
    std::memcpy(&word, s.data() + pos, sizeof word);
    if (word & kHighBits) break;
    pos += sizeof word;
  }
  while (pos < s.size() && static_cast<unsigned char>(s[pos]) < 0x80)
    ++pos;
  return pos;
}

}  // namespace

bool decode(std::string_view s, size_t& pos, char32_t& cp) {
  if (pos >= s.size()) return false;
  const auto lead = static_cast<unsigned char>(s[pos]);
  if (lead < 0x80) {
    cp = lead;
    ++pos;
    return true;
  }
  size_t length;
  char32_t smallest;  // anything below is an overlong encoding
  char32_t value;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, smallest = 0x80, value = lead & 0x1Fu;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, smallest = 0x800, value = lead & 0x0Fu;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, smallest = 0x10000, value = lead & 0x07u;
  } else {
    return false;
  }
  if (s.size() - pos < length) return false;
  for (size_t k = 1; k < length; ++k) {
    const auto byte = static_cast<unsigned char>(s[pos + k]);
    if ((byte & 0xC0) != 0x80) return false;
    value = (value << 6) | (byte & 0x3Fu);
  }
  if (value < smallest || !is_scalar_value(value)) return false;
  cp = value;
  pos += length;
  return true;
}

std::optional<size_t> first_invalid(std::string_view s) {
  size_t pos = 0;
  char32_t cp;
  while ((pos = ascii_prefix(s, pos)) < s.size()) {
    if (!decode(s, pos, cp)) return pos;
  }
  return std::nullopt;
}

// Surrogates and values past U+10FFFF cannot be encoded; they become U+FFFD.
void append(std::string& out, char32_t cp) {
  if (!is_scalar_value(cp)) cp = kReplacement;
  const auto byte = [](char32_t bits) {
    return static_cast<char>(static_cast<unsigned char>(bits));
  };
  if (cp < 0x80) {
    out += byte(cp);
  } else if (cp < 0x800) {
    out += byte(0xC0 | (cp >> 6));
    out += byte(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += byte(0xE0 | (cp >> 12));
    out += byte(0x80 | ((cp >> 6) & 0x3F));
    out += byte(0x80 | (cp & 0x3F));
  } else {
    out += byte(0xF0 | (cp >> 18));
    out += byte(0x80 | ((cp >> 12) & 0x3F));
    out += byte(0x80 | ((cp >> 6) & 0x3F));
    out += byte(0x80 | (cp & 0x3F));
  }
}

std::string from_latin1(std::string_view latin1) {
  std::string out;
  out.reserve(latin1.size() + latin1.size() / 8);
  for (const char c : latin1) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80) {
      out += c;
    } else {
      append(out, byte);
    }
  }
  return out;
}

std::string_view without_bom(std::string_view text) {
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  return text.starts_with(kBom) ? text.substr(kBom.size()) : text;
}

}  // namespace cinerec::utf8
