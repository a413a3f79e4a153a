#include "host/runtime/world.h"

#include <stdexcept>
#include <string>

#include "host/comm/launch_env.h"
#ifdef CINEREC_HAVE_MPI
#include "host/mpi/mpi_communicator.h"
#endif

namespace cinerec {

std::unique_ptr<Communicator> open_world([[maybe_unused]] int* argc,
                                         [[maybe_unused]] char*** argv) {
  const LaunchEnv env = read_launch_env();
  if (!env.launched) return std::make_unique<SingleProcess>();
#ifdef CINEREC_HAVE_MPI
  auto world = std::make_unique<MpiCommunicator>(argc, argv);
  if (world->size() == 1 && env.expected_world > 1) {
    throw std::runtime_error(
        "the launcher says this job has " + std::to_string(env.expected_world) + " ranks (" +
        env.source +
        ") but MPI sees a world of 1: each process would run the whole job alone and they "
        "would overwrite each other's outputs. Launch with mpirun, or with srun built with PMI "
        "or PMIx support (srun --mpi=pmix; `srun --mpi=list` shows what it has)");
  }
  return world;
#else
  if (env.expected_world > 1) {
    throw std::runtime_error("the launcher says this job has " +
                             std::to_string(env.expected_world) + " ranks (" + env.source +
                             ") but this cinerec was built without MPI (CINEREC_MPI=OFF)");
  }
  return std::make_unique<SingleProcess>();
#endif
}

}  // namespace cinerec
