#include "cuda/cuda_graph.h"

#include "cuda/cuda_check.h"

namespace cinerec::cuda {

CudaGraph::~CudaGraph() {
  if (exec_ != nullptr) cudaGraphExecDestroy(exec_);
}

void CudaGraph::capture(cudaStream_t stream, const std::function<void()>& work) {
  if (exec_ != nullptr) {
    CINEREC_CUDA_CHECK(cudaGraphExecDestroy(exec_));
    exec_ = nullptr;
  }
  CINEREC_CUDA_CHECK(cudaStreamBeginCapture(stream, cudaStreamCaptureModeThreadLocal));
  cudaGraph_t graph = nullptr;
  try {
    work();
  } catch (...) {
    cudaStreamEndCapture(stream, &graph);
    if (graph != nullptr) cudaGraphDestroy(graph);
    throw;
  }
  CINEREC_CUDA_CHECK(cudaStreamEndCapture(stream, &graph));
  const cudaError_t err = cudaGraphInstantiate(&exec_, graph, 0);
  cudaGraphDestroy(graph);
  CINEREC_CUDA_CHECK(err);
}

void CudaGraph::launch(cudaStream_t stream) const {
  CINEREC_CUDA_CHECK(cudaGraphLaunch(exec_, stream));
}

}  // namespace cinerec::cuda
