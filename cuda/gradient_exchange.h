// What a data-parallel training step exchanges over NCCL between the backward pass and Adam
// (docs/distributed.md): the whole flat gradient buffer summed over the ranks (a dense
// all-reduce, as PyTorch's DDP does: one call, bandwidth-bound, ~24 MB at the published sizes),
// and, for row-wise Adam and weight decay, the union of the embedding rows the ranks touched, so
// every rank updates the same rows. Every call is stream-ordered and capturable into the step's
// CUDA graph; buffers are sized by reserve() beforehand.
#pragma once

#include <cuda_runtime_api.h>

#include <cstddef>
#include <vector>

#include "cuda/device_buffer.h"
#include "cuda/model_pass.h"
#include "cuda/nccl_comm.h"
#include "kernels/row_list_union.cuh"

namespace cinerec::cuda {

class GradientExchange {
 public:
  // A collective over `world` (it bootstraps NCCL on the current device).
  explicit GradientExchange(Communicator& world);

  int size() const { return nccl_.size(); }
  // Room for row lists of `padded[t]` entries per rank for table t; returns whether anything
  // moved (a captured graph must then be captured again).
  bool reserve(const std::vector<size_t>& padded);
  // grads[0..n) summed over the ranks, in place.
  void sum(float* grads, size_t n, cudaStream_t stream);
  // The union over the ranks of each table's touched rows: this rank's `local` lists, each
  // padded to `padded[t]` entries (the same on every rank), gathered and sorted.
  std::vector<TouchedRows> union_of(const std::vector<TouchedRows>& local,
                                    const std::vector<size_t>& padded, cudaStream_t stream);

  void synchronize(cudaStream_t stream) { nccl_.synchronize(stream); }
  void check() { nccl_.check(); }

 private:
  struct Table {
    DeviceBuffer<uint32_t> mine, gathered;
    kernels::RowListUnion united;
  };
  NcclComm nccl_;
  std::vector<Table> tables_;
};

}  // namespace cinerec::cuda
