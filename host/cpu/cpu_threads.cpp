#include "host/cpu/cpu_threads.h"

#include <algorithm>
#include <cstdio>
#include <thread>

namespace cinerec::cpu {

int cpu_threads(size_t requested) {
  const size_t hardware = std::max(1u, std::thread::hardware_concurrency());
  const size_t cap = kMaxThreadsPerCore * hardware;
  if (requested <= cap) return static_cast<int>(requested);
  std::fprintf(stderr,
               "cinerec: warning: train.threads = %zu is more than %zu x the %zu hardware threads; "
               "using %zu\n",
               requested, kMaxThreadsPerCore, hardware, cap);
  return static_cast<int>(cap);
}

}  // namespace cinerec::cpu
