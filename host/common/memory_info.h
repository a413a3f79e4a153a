// The memory this process may still take, so that a model or a dataset too large for the machine
// is refused up front with what it needs, instead of ending in a bare std::bad_alloc or the OOM
// killer minutes later.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace cinerec {

// MemAvailable (/proc/meminfo), lowered to what a cgroup v2 memory limit leaves, when one is set.
uint64_t available_memory_bytes();

// "12.3 GiB", "512 MiB", "17 bytes".
std::string format_bytes(uint64_t bytes);

// Throws std::runtime_error ("WHAT needs 12.3 GiB of memory, 3.1 GiB are available") when
// `bytes` exceed `available` (by default available_memory_bytes()).
void require_memory(uint64_t bytes, std::string_view what);
void require_memory(uint64_t bytes, std::string_view what, uint64_t available);

}  // namespace cinerec
