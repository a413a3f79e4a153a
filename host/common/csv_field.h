// Writing CSV (RFC 4180) a field at a time.
#pragma once

#include <string>
#include <string_view>

namespace cinerec {

// Appends `text` as one CSV field, quoted when it holds a comma, quote or line break.
void append_csv_field(std::string& out, std::string_view text);

}  // namespace cinerec
