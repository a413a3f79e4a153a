// The CPU backend's thread count for train.threads: 0 is every hardware thread; more than
// kMaxThreadsPerCore per hardware thread only contend for the cores, so they are capped (with a
// warning on stderr).
#pragma once

#include <cstddef>

namespace cinerec::cpu {

inline constexpr size_t kMaxThreadsPerCore = 4;
int cpu_threads(size_t requested);

}  // namespace cinerec::cpu
