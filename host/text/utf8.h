// Minimal UTF-8 utilities: strict validation/decoding (no overlongs, no surrogates) and
// Latin-1 transcoding for the MovieLens files.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace cinerec::utf8 {

// Decodes the code point at s[pos] and advances pos. Returns false (pos unchanged) on an
// invalid or truncated sequence.
bool decode(std::string_view s, size_t& pos, char32_t& cp);

// Byte offset of the first invalid sequence, or nullopt when `s` is valid UTF-8.
std::optional<size_t> first_invalid(std::string_view s);

void append(std::string& out, char32_t cp);

std::string from_latin1(std::string_view latin1);

// `text` without a leading UTF-8 byte order mark, which some editors write at the start of a file.
std::string_view without_bom(std::string_view text);

}  // namespace cinerec::utf8
