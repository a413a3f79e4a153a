#include "host/comm/launch_env.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <stdexcept>
#include <string_view>

namespace cinerec {
namespace {

// The variables that state the world's size: Open MPI's mpirun, PMI-2/Hydra and Slurm's srun
// (the step's task count, not SLURM_NTASKS, which a batch script holding one process also sees).
constexpr const char* kWorldSize[] = {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "SLURM_STEP_NUM_TASKS"};
// Set for each process a launcher starts, without a size of their own.
constexpr const char* kLaunched[] = {"PMIX_RANK", "PMI_RANK", "SLURM_PROCID"};
constexpr const char* kLocalRank[] = {"OMPI_COMM_WORLD_LOCAL_RANK", "MPI_LOCALRANKID",
                                      "SLURM_LOCALID"};
constexpr const char* kLocalSize[] = {"OMPI_COMM_WORLD_LOCAL_SIZE", "MPI_LOCALNRANKS"};

size_t whole_number(const char* name, const char* text) {
  const std::string_view s(text);
  size_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size()) {
    throw std::runtime_error(std::string("environment variable ") + name + "=\"" + std::string(s) +
                             "\": expected a whole number");
  }
  return v;
}

}  // namespace

LaunchEnv read_launch_env(const std::function<const char*(const char*)>& lookup) {
  LaunchEnv env;
  for (const char* name : kWorldSize) {
    const char* v = lookup(name);
    if (v == nullptr) continue;
    env.launched = true;
    const size_t n = whole_number(name, v);
    if (n == 0)
      throw std::runtime_error(std::string("environment variable ") + name + "=0: no ranks");
    if (n > env.expected_world) {
      env.expected_world = n;
      env.source = std::string(name) + "=" + v;
    }
  }
  for (const char* name : kLaunched)
    env.launched = env.launched || lookup(name) != nullptr;
  for (const char* name : kLocalRank) {
    if (const char* v = lookup(name)) {
      env.local_rank = static_cast<int>(whole_number(name, v));
      break;
    }
  }
  for (const char* name : kLocalSize) {
    if (const char* v = lookup(name)) {
      env.local_size = std::max<size_t>(1, whole_number(name, v));
      break;
    }
  }
  return env;
}

LaunchEnv read_launch_env() {
  return read_launch_env([](const char* name) { return std::getenv(name); });
}

}  // namespace cinerec
