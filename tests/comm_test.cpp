// The pieces of a data-parallel job that need no MPI runtime: how a batch is shared among ranks,
// what the launch environment says, and the replica check's failure path (with a fake world
// whose other ranks hold what the test says).
#include <gtest/gtest.h>

#include <map>

#include "host/comm/communicator.h"
#include "host/comm/launch_env.h"
#include "host/train/replica_check.h"
#include "tests/fake_world.h"

namespace cinerec {
namespace {

TEST(ShareOf, ContiguousAndAsEvenAsPossible) {
  for (size_t count : {0u, 1u, 3u, 7u, 256u, 257u}) {
    for (int size : {1, 2, 3, 4, 8}) {
      size_t next = 0;
      for (int r = 0; r < size; ++r) {
        const Share s = share_of(count, r, size);
        EXPECT_EQ(s.first, next) << count << "/" << size << " rank " << r;
        EXPECT_LE(s.count, count / size + 1);
        EXPECT_GE(s.count, count / size);
        next += s.count;
      }
      EXPECT_EQ(next, count);
    }
  }
  EXPECT_EQ(share_of(3, 3, 4).count, 0u);  // a rank with no rows in a step
}

LaunchEnv env_of(const std::map<std::string, std::string>& vars) {
  return read_launch_env([&](const char* name) -> const char* {
    const auto it = vars.find(name);
    return it == vars.end() ? nullptr : it->second.c_str();
  });
}

TEST(LaunchEnv, ByHandMpirunSrunAndPmi) {
  EXPECT_FALSE(env_of({}).launched);
  EXPECT_EQ(env_of({}).expected_world, 1u);
  const LaunchEnv ompi = env_of({{"OMPI_COMM_WORLD_SIZE", "4"},
                                 {"OMPI_COMM_WORLD_LOCAL_RANK", "2"},
                                 {"OMPI_COMM_WORLD_LOCAL_SIZE", "4"}});
  EXPECT_TRUE(ompi.launched);
  EXPECT_EQ(ompi.expected_world, 4u);
  EXPECT_EQ(ompi.source, "OMPI_COMM_WORLD_SIZE=4");
  EXPECT_EQ(ompi.local_rank, 2);
  EXPECT_EQ(ompi.local_size, 4u);
  const LaunchEnv srun = env_of({{"SLURM_STEP_NUM_TASKS", "8"}, {"SLURM_LOCALID", "3"}});
  EXPECT_EQ(srun.expected_world, 8u);
  EXPECT_EQ(srun.local_rank, 3);
  EXPECT_TRUE(env_of({{"PMIX_RANK", "0"}}).launched);
  // A batch script's SLURM_NTASKS alone is not a launch: it runs one process.
  EXPECT_FALSE(env_of({{"SLURM_NTASKS", "4"}}).launched);
}

TEST(LaunchEnv, MalformedValuesAreErrors) {
  EXPECT_THROW(env_of({{"OMPI_COMM_WORLD_SIZE", "four"}}), std::runtime_error);
  EXPECT_THROW(env_of({{"PMI_SIZE", "0"}}), std::runtime_error);
  EXPECT_THROW(env_of({{"SLURM_LOCALID", "-1"}}), std::runtime_error);
}

ModelState some_state() {
  return {{1.0f, 2.0f, 3.0f}, {0.1f, 0.2f, 0.3f}, {0.01f, 0.02f, 0.03f}, 7};
}

TEST(ReplicaCheck, EqualReplicasPass) {
  testing::FakeWorld world(0, 3, [](std::span<const std::byte> mine, int) {
    return std::vector<std::byte>(mine.begin(), mine.end());
  });
  EXPECT_NO_THROW(check_replicas_equal(world, some_state(), 12));
}

TEST(ReplicaCheck, ADriftedReplicaIsNamed) {
  // Seen from rank 1: rank 2's state hashes to other bits.
  testing::FakeWorld world(1, 4, [](std::span<const std::byte> mine, int rank) {
    std::vector<std::byte> theirs(mine.begin(), mine.end());
    if (rank == 2) theirs[5] = theirs[5] == std::byte{'0'} ? std::byte{'1'} : std::byte{'0'};
    return theirs;
  });
  try {
    check_replicas_equal(world, some_state(), 12);
    FAIL() << "no error";
  } catch (const CollectiveError& e) {
    EXPECT_STREQ(e.what(),
                 "the model replicas differ at step 12: rank(s) 2 hold other parameters or Adam "
                 "moments than rank 0; no checkpoint was written");
  }
}

}  // namespace
}  // namespace cinerec
