// What the environment says about how this process was started: by a launcher (Open MPI's
// mpirun, Slurm's srun, a PMI/PMIx launcher such as MPICH's Hydra) and in a world of how many
// ranks, or by hand (a world of one). Read before MPI is initialised, so that a plain run needs
// no MPI runtime, and so that a launcher's world that the runtime does not see (srun without PMI
// support starts N separate single-rank jobs) can be named instead of silently run N times.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

namespace cinerec {

struct LaunchEnv {
  bool launched = false;      // some launcher's variables are set: initialise MPI
  size_t expected_world = 1;  // the largest world size any of them states
  std::string source;         // the variable that stated it, e.g. "SLURM_STEP_NUM_TASKS=4"
  int local_rank = 0;         // this rank's index on its node (picks its GPU), 0 if not stated
  size_t local_size = 1;      // ranks on this node (share its cores), 1 if not stated
};

// From `getenv`-like lookup (null when unset); throws std::runtime_error for a variable that is set
// but not a positive whole number.
LaunchEnv read_launch_env(const std::function<const char*(const char*)>& lookup);
LaunchEnv read_launch_env();  // from the process environment

}  // namespace cinerec
