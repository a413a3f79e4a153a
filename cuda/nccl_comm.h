// The GPU collectives of a data-parallel job (docs/distributed.md): one NCCL communicator over
// the job's ranks, one rank per GPU, bootstrapped over the host world (rank 0's
// ncclGetUniqueId reaches every rank by the world's broadcast, MPI's underneath, then
// ncclCommInitRank). The collectives are stream-ordered and may be captured into a CUDA graph.
// NCCL reports a peer that is gone asynchronously: synchronize() polls for it and aborts the
// communicator instead of waiting forever on a collective that cannot finish.
#pragma once

#include <cuda_runtime_api.h>
#include <nccl.h>

#include <cstddef>
#include <cstdint>

#include "host/comm/communicator.h"

namespace cinerec::cuda {

[[noreturn]] void throw_nccl_error(ncclResult_t result, const char* what, const char* file,
                                   int line);

class NcclComm {
 public:
  // On the current device; a collective over `world`.
  explicit NcclComm(Communicator& world);
  ~NcclComm();
  NcclComm(const NcclComm&) = delete;
  NcclComm& operator=(const NcclComm&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }

  // values[0..n) summed over the ranks, in place.
  void sum(float* values, size_t n, cudaStream_t stream);
  // Every rank's mine[0..n), in rank order, into all[0..size * n).
  void gather(const uint32_t* mine, uint32_t* all, size_t n, cudaStream_t stream);

  // Waits until `stream` is idle. Throws, after aborting the communicator, on an asynchronous
  // NCCL error (a peer gone, a network failure).
  void synchronize(cudaStream_t stream);
  // Throws, after aborting the communicator, if NCCL has met an asynchronous error.
  void check();

 private:
  ncclComm_t comm_ = nullptr;
  int rank_ = 0, size_ = 1;
  bool aborted_ = false;
};

}  // namespace cinerec::cuda

#define CINEREC_NCCL_CHECK(expr)                                                   \
  do {                                                                             \
    const ncclResult_t cinerec_nccl_ = (expr);                                     \
    if (cinerec_nccl_ != ncclSuccess) {                                            \
      ::cinerec::cuda::throw_nccl_error(cinerec_nccl_, #expr, __FILE__, __LINE__); \
    }                                                                              \
  } while (0)
