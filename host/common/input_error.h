// An error in user-supplied input, located precisely enough to fix by hand.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace cinerec {

struct SourcePos {
  std::string file;   // path as given by the user
  size_t line = 0;    // 1-based; 0 when the problem concerns the whole file
  size_t column = 0;  // 1-based byte column within the line; 0 when not applicable
};

// Message format: "FILE:LINE:COLUMN: WHAT" (LINE/COLUMN omitted when 0).
class InputError : public std::runtime_error {
 public:
  InputError(SourcePos pos, const std::string& what);
  const SourcePos& pos() const { return pos_; }
  const std::string& detail() const { return detail_; }

 private:
  SourcePos pos_;
  std::string detail_;
};

// How much of one piece of input a message quotes: enough to recognise it, never a flood.
inline constexpr size_t kQuotedInputBytes = 40;

// `text` quoted for a message: in double quotes, control bytes written as \n, \r, \t or \xNN
// (so that a NUL cannot cut the message short nor a CR overwrite it), and cut after
// `max_bytes` bytes of input, on a UTF-8 boundary, with "..." marking the cut.
std::string quote_input(std::string_view text, size_t max_bytes = kQuotedInputBytes);

}  // namespace cinerec
