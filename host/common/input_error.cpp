#include "host/common/input_error.h"

#include <cstdio>

namespace cinerec {
namespace {

std::string format_message(const SourcePos& pos, const std::string& what) {
  std::string msg = pos.file;
  if (pos.line > 0) msg += ":" + std::to_string(pos.line);
  if (pos.line > 0 && pos.column > 0) msg += ":" + std::to_string(pos.column);
  return msg + ": " + what;
}

// Where to cut `text` to at most `max_bytes` bytes without splitting a UTF-8 sequence.
size_t cut_point(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text.size();
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
    --cut;
  return cut;
}

void append_escaped(std::string& out, char c) {
  const auto byte = static_cast<unsigned char>(c);
  if (c == '\n') {
    out += "\\n";
  } else if (c == '\r') {
    out += "\\r";
  } else if (c == '\t') {
    out += "\\t";
  } else if (byte < 0x20 || byte == 0x7F) {
    char hex[5];
    std::snprintf(hex, sizeof hex, "\\x%02X", byte);
    out += hex;
  } else {
    out += c;
  }
}

}  // namespace

std::string quote_input(std::string_view text, size_t max_bytes) {
  const size_t cut = cut_point(text, max_bytes);
  std::string out = "\"";
  for (const char c : text.substr(0, cut))
    append_escaped(out, c);
  if (cut < text.size()) out += "...";
  return out + "\"";
}

InputError::InputError(SourcePos pos, const std::string& what)
    : std::runtime_error(format_message(pos, what)), pos_(std::move(pos)), detail_(what) {}

}  // namespace cinerec
