#include "tests/fuzz/bundle.h"

#include <algorithm>

#include "tests/fuzz/temp_dir.h"

namespace cinerec::fuzz {
namespace {

constexpr std::string_view kHeader = "=== ";
constexpr std::string_view kSeparator = "\n=== ";
constexpr size_t kMaxNameBytes = 64;

bool is_plain_name(std::string_view name) {
  const auto allowed = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  };
  return !name.empty() && name.size() <= kMaxNameBytes && name != "." && name != ".." &&
         std::all_of(name.begin(), name.end(), allowed);
}

}  // namespace

Bundle split_bundle(std::string_view input) {
  Bundle bundle;
  // `header` is where the next header line starts ("=== " at the start of the input) or the
  // newline before it; npos when there is none.
  size_t header = input.starts_with(kHeader) ? 0 : input.find(kSeparator);
  bundle.preamble = input.substr(0, header);
  while (header != std::string_view::npos) {
    const size_t name_begin = header + (input[header] == '\n' ? 1 : 0) + kHeader.size();
    const size_t name_end = std::min(input.find('\n', name_begin), input.size());
    const size_t content_begin = std::min(name_end + 1, input.size());
    // The header line's own newline may start the next separator: an empty part.
    header = input.find(kSeparator, name_end);
    const size_t content_end = std::max(std::min(header, input.size()), content_begin);
    bundle.parts.push_back({input.substr(name_begin, name_end - name_begin),
                            input.substr(content_begin, content_end - content_begin)});
  }
  return bundle;
}

void write_bundle(const Bundle& bundle, const std::filesystem::path& dir) {
  for (const BundlePart& part : bundle.parts) {
    if (is_plain_name(part.name)) write_file(dir / part.name, part.content);
  }
}

unsigned char option_byte(std::string_view options, size_t i, unsigned char fallback) {
  return i < options.size() ? static_cast<unsigned char>(options[i]) : fallback;
}

}  // namespace cinerec::fuzz
