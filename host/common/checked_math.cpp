#include "host/common/checked_math.h"

namespace cinerec {

void throw_size_overflow(std::string_view what) {
  throw SizeOverflow(std::string(what) + ": the size does not fit in 64 bits");
}

size_t checked_product(std::span<const size_t> factors, std::string_view what) {
  size_t n = 1;
  for (const size_t f : factors)
    n = checked_mul(n, f, what);
  return n;
}

}  // namespace cinerec
