// Jobs of several ranks for the tests, under `mpirun --oversubscribe` (Open MPI), each bounded by
// `timeout`, and the small dataset they run on.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "tests/cli_runner.h"
#include "tests/test_util.h"

#ifdef CINEREC_MPIEXEC
#define CINEREC_REQUIRE_MPI()
#else
#define CINEREC_REQUIRE_MPI() GTEST_SKIP() << "built without MPI"
#define CINEREC_MPIEXEC ""
#endif

namespace cinerec::testing {

inline std::string bin() {
  return CINEREC_BINARY;
}

// The environment of every process that initialises MPI here: root may run it (CI does), and
// under the asan preset LeakSanitizer is off, as Open MPI keeps allocations past MPI_Finalize
// in plugins it unloads (unnamed frames no suppression can match). AddressSanitizer's other
// checks stay on, and our code's leaks are checked by every test that runs without MPI.
inline std::string mpi_env() {
  return "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 ASAN_OPTIONS=detect_leaks=0 ";
}

// `mpirun -np N` over "ARGS" (several programs: "ARGS : -np 1 ARGS2"), stdout and stderr kept.
inline CliResult mpirun(int ranks, const std::string& args, int seconds = 240) {
  return run_shell(mpi_env() + "timeout -k 10 " + std::to_string(seconds) + " " + CINEREC_MPIEXEC +
                   " --oversubscribe --bind-to none -np " + std::to_string(ranks) + " " + args +
                   " 2>&1");
}

// A small Douban-shaped dataset: by default about 9,600 training ratings.
struct DatasetSize {
  int users = 200, movies = 1500, ratings = 12000;
};
inline std::filesystem::path make_dataset(const ScratchDir& tmp, const std::string& name = "ds",
                                          int seed = 5, DatasetSize size = {}) {
  const std::filesystem::path raw = tmp / (name + "-raw"), ds = tmp / name;
  EXPECT_EQ(run_cli("synth --out " + raw.string() + " --users " + std::to_string(size.users) +
                    " --movies " + std::to_string(size.movies) + " --ratings " +
                    std::to_string(size.ratings) + " --seed " + std::to_string(seed))
                .status,
            0);
  EXPECT_EQ(
      run_cli("prepare --in " + raw.string() + " --format douban --out " + ds.string()).status, 0);
  return ds;
}

}  // namespace cinerec::testing
