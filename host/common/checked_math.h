// Sizes computed from user-supplied counts (config widths, dataset shapes, command-line lengths)
// with overflow detection: a product that wrapped would size a buffer far smaller than its use.
#pragma once

#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

namespace cinerec {

// Thrown when a size does not fit in size_t; the message names what was being sized.
class SizeOverflow : public std::overflow_error {
 public:
  using std::overflow_error::overflow_error;
};

[[noreturn]] void throw_size_overflow(std::string_view what);

inline size_t checked_mul(size_t a, size_t b, std::string_view what) {
  size_t out = 0;
  if (__builtin_mul_overflow(a, b, &out)) throw_size_overflow(what);
  return out;
}

inline size_t checked_add(size_t a, size_t b, std::string_view what) {
  size_t out = 0;
  if (__builtin_add_overflow(a, b, &out)) throw_size_overflow(what);
  return out;
}

// The product of `factors` (1 for none).
size_t checked_product(std::span<const size_t> factors, std::string_view what);

}  // namespace cinerec
