// A training step captured once into a CUDA graph and replayed: one launch instead of dozens,
// and no host work between kernels. The captured work must read everything that changes from
// step to step from device memory (kernels/step_args.cuh).
#pragma once

#include <cuda_runtime_api.h>

#include <functional>

namespace cinerec::cuda {

class CudaGraph {
 public:
  CudaGraph() = default;
  ~CudaGraph();
  CudaGraph(const CudaGraph&) = delete;
  CudaGraph& operator=(const CudaGraph&) = delete;

  // Records what `work` enqueues on `stream` (nothing runs), replacing any earlier capture.
  void capture(cudaStream_t stream, const std::function<void()>& work);
  void launch(cudaStream_t stream) const;

 private:
  cudaGraphExec_t exec_ = nullptr;
};

}  // namespace cinerec::cuda
