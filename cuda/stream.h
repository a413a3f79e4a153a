// An owned, non-blocking CUDA stream.
#pragma once

#include <cuda_runtime_api.h>

#include "cuda/cuda_check.h"

namespace cinerec::cuda {

class Stream {
 public:
  Stream() { CINEREC_CUDA_CHECK(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking)); }
  ~Stream() { cudaStreamDestroy(stream_); }
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;

  cudaStream_t get() const { return stream_; }
  void synchronize() const { CINEREC_CUDA_CHECK(cudaStreamSynchronize(stream_)); }

 private:
  cudaStream_t stream_ = nullptr;
};

}  // namespace cinerec::cuda
