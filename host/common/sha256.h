// SHA-256 digests (OpenSSL's libcrypto) as lower-case hex, for dataset and checkpoint integrity.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace cinerec {

std::string sha256_hex(const void* bytes, size_t size);
inline std::string sha256_hex(std::string_view s) {
  return sha256_hex(s.data(), s.size());
}

}  // namespace cinerec
