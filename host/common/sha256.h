// SHA-256 digests (OpenSSL's libcrypto) as lower-case hex, for dataset and checkpoint integrity.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

namespace cinerec {

std::string sha256_hex(const void* bytes, size_t size);
// The digest of the pieces one after the other.
std::string sha256_hex(std::initializer_list<std::span<const std::byte>> pieces);
inline std::string sha256_hex(std::string_view s) {
  return sha256_hex(s.data(), s.size());
}

}  // namespace cinerec
