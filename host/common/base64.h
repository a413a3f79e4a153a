// Base64 (RFC 4648, with padding): how the HTML report embeds its figures as data: URIs, so
// the one file opens from disk with no network and no side files.
#pragma once

#include <string>
#include <string_view>

namespace cinerec {

std::string base64_encode(std::string_view bytes);

}  // namespace cinerec
