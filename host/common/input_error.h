// An error in user-supplied input, located precisely enough to fix by hand.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

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

}  // namespace cinerec
