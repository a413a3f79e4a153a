#include "host/common/memory_info.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <limits>
#include <stdexcept>

namespace cinerec {
namespace {

uint64_t meminfo_available() {
  std::ifstream in("/proc/meminfo");
  std::string key;
  uint64_t kib = 0;
  std::string unit;
  while (in >> key >> kib >> unit) {
    if (key == "MemAvailable:") return kib * 1024;
  }
  return std::numeric_limits<uint64_t>::max();  // not Linux: no check
}

// memory.max - memory.current of this process's cgroup (v2), or "no limit".
uint64_t cgroup_available() {
  std::ifstream limit_file("/sys/fs/cgroup/memory.max");
  std::ifstream current_file("/sys/fs/cgroup/memory.current");
  std::string limit;
  uint64_t current = 0;
  if (!(limit_file >> limit) || limit == "max" || !(current_file >> current)) {
    return std::numeric_limits<uint64_t>::max();
  }
  const uint64_t max = std::stoull(limit);
  return max > current ? max - current : 0;
}

}  // namespace

uint64_t available_memory_bytes() {
  return std::min(meminfo_available(), cgroup_available());
}

std::string format_bytes(uint64_t bytes) {
  static constexpr const char* kUnits[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  if (bytes < 1024) return std::to_string(bytes) + " bytes";
  double value = static_cast<double>(bytes);
  size_t unit = 0;
  for (value /= 1024; value >= 1024 && unit + 1 < std::size(kUnits); value /= 1024)
    ++unit;
  char text[32];
  std::snprintf(text, sizeof text, "%.1f %s", value, kUnits[unit]);
  return text;
}

void require_memory(uint64_t bytes, std::string_view what) {
  require_memory(bytes, what, available_memory_bytes());
}

void require_memory(uint64_t bytes, std::string_view what, uint64_t available) {
  if (bytes <= available) return;
  throw std::runtime_error(std::string(what) + " needs " + format_bytes(bytes) + " of memory, " +
                           format_bytes(available) + " are available");
}

}  // namespace cinerec
