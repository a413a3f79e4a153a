// Limits the config and the command line enforce because an implementation has them.
#pragma once

#include <cstddef>

namespace cinerec {

// The most candidates per user the GPU top-k kernel keeps (kernels/topk.cu): no k above it is
// accepted anywhere, so every device gives the same lists.
inline constexpr size_t kMaxTopK = 1024;

}  // namespace cinerec
