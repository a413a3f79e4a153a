// Several files in one fuzz input, readable as text, for the targets whose code reads a
// directory (the source formats, the dataset directory, a run's checkpoint):
//
//   PREAMBLE
//   === users.csv
//   UserID,Gender,Age,JobID
//   1,F,1,10
//
//   === movies.csv
//   ...
//
// A part starts with a header line "=== NAME" at the start of the input or right after a
// newline. Its content runs to the newline before the next header, which belongs to the
// separator (so a text part whose file should end in a newline is followed by a blank line), or
// to the end of the input. Content is taken byte for byte, so binary files fit as long as they
// hold no "\n=== " themselves. NAME must be a plain file name (1-64 bytes of [A-Za-z0-9._-], not
// "." or ".."); parts with other names are not written, and a later part of a name replaces an
// earlier one. PREAMBLE, everything before the first header, holds the target's option bytes.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string_view>
#include <vector>

namespace cinerec::fuzz {

struct BundlePart {
  std::string_view name;
  std::string_view content;
};

struct Bundle {
  std::string_view preamble;
  std::vector<BundlePart> parts;  // in input order
};

Bundle split_bundle(std::string_view input);

// Writes every part with a valid name into `dir`.
void write_bundle(const Bundle& bundle, const std::filesystem::path& dir);

// Byte `i` of `options`, or `fallback` when it has fewer bytes.
unsigned char option_byte(std::string_view options, size_t i, unsigned char fallback = '0');

}  // namespace cinerec::fuzz
