// Little-endian integers appended to a byte string, as binary formats lay them out.
#pragma once

#include <concepts>
#include <cstddef>
#include <string>

namespace cinerec {

template <std::unsigned_integral T>
void append_le(std::string& out, T value) {
  for (size_t i = 0; i < sizeof(T); ++i)
    out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
}

}  // namespace cinerec
