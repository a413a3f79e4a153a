#include "cuda/nccl_comm.h"

#include <chrono>
#include <cstring>
#include <exception>
#include <stdexcept>
#include <string>
#include <thread>

#include "cuda/cuda_check.h"

namespace cinerec::cuda {

void throw_nccl_error(ncclResult_t result, const char* what, const char* file, int line) {
  throw std::runtime_error(std::string(file) + ":" + std::to_string(line) + ": " + what +
                           ": NCCL: " + ncclGetErrorString(result) + " (" +
                           ncclGetLastError(nullptr) + ")");
}

NcclComm::NcclComm(Communicator& world) : rank_(world.rank()), size_(world.size()) {
  ncclUniqueId id{};
  std::string bytes;
  if (world.is_root()) {
    CINEREC_NCCL_CHECK(ncclGetUniqueId(&id));
    bytes.assign(reinterpret_cast<const char*>(&id), sizeof id);
  }
  world.broadcast(bytes, 0);
  if (size_ > 1) {
    if (bytes.size() != sizeof id) throw std::runtime_error("NCCL: a bad unique id from rank 0");
    std::memcpy(&id, bytes.data(), sizeof id);
  }
  CINEREC_NCCL_CHECK(ncclCommInitRank(&comm_, size_, id, rank_));
}

NcclComm::~NcclComm() {
  if (comm_ == nullptr || aborted_) return;
  // Unwinding from an error, collectives may still wait on a peer that will not come: destroying
  // would wait with them.
  if (std::uncaught_exceptions() > 0) {
    ncclCommAbort(comm_);
  } else {
    ncclCommDestroy(comm_);
  }
}

void NcclComm::sum(float* values, size_t n, cudaStream_t stream) {
  CINEREC_NCCL_CHECK(ncclAllReduce(values, values, n, ncclFloat32, ncclSum, comm_, stream));
}

void NcclComm::gather(const uint32_t* mine, uint32_t* all, size_t n, cudaStream_t stream) {
  CINEREC_NCCL_CHECK(ncclAllGather(mine, all, n, ncclUint32, comm_, stream));
}

void NcclComm::check() {
  if (aborted_) throw std::runtime_error("NCCL: the communicator was aborted after an error");
  ncclResult_t async = ncclSuccess;
  CINEREC_NCCL_CHECK(ncclCommGetAsyncError(comm_, &async));
  if (async == ncclSuccess || async == ncclInProgress) return;
  ncclCommAbort(comm_);  // ends the kernels still waiting on the lost peer
  aborted_ = true;
  throw_nccl_error(async, "a collective across ranks", __FILE__, __LINE__);
}

void NcclComm::synchronize(cudaStream_t stream) {
  for (;;) {
    const cudaError_t state = cudaStreamQuery(stream);
    if (state == cudaSuccess) return;
    if (state != cudaErrorNotReady) CINEREC_CUDA_CHECK(state);
    check();
    std::this_thread::sleep_for(std::chrono::microseconds(50));
  }
}

}  // namespace cinerec::cuda
