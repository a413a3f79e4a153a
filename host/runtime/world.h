// The job's world of ranks: MPI's when a launcher started this process (mpirun, srun, a PMI
// launcher), else a world of one that never touches MPI, so a plain run needs no MPI runtime.
#pragma once

#include <memory>

#include "host/comm/communicator.h"

namespace cinerec {

// Throws when the launcher's world and the runtime's disagree (srun without PMI support starts
// N single-rank jobs that would overwrite each other's run directory), or when the launcher
// states several ranks and this build has no MPI.
std::unique_ptr<Communicator> open_world(int* argc, char*** argv);

}  // namespace cinerec
