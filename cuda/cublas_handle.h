// An owned cuBLAS handle bound to a stream, with its own workspace so cuBLAS allocates nothing
// while a CUDA graph is being captured, and pure fp32 math (no TF32) so results track the CPU
// oracle.
#pragma once

#include <cublas_v2.h>

#include "cuda/device_buffer.h"

#define CINEREC_CUBLAS_CHECK(expr) ::cinerec::cuda::check_cublas((expr), #expr, __FILE__, __LINE__)

namespace cinerec::cuda {

void check_cublas(cublasStatus_t status, const char* what, const char* file, int line);

class CublasHandle {
 public:
  explicit CublasHandle(cudaStream_t stream);
  ~CublasHandle();
  CublasHandle(const CublasHandle&) = delete;
  CublasHandle& operator=(const CublasHandle&) = delete;

  cublasHandle_t get() const { return handle_; }

 private:
  cublasHandle_t handle_ = nullptr;
  DeviceBuffer<unsigned char> workspace_;
};

}  // namespace cinerec::cuda
