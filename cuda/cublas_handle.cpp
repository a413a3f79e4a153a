#include "cuda/cublas_handle.h"

#include <stdexcept>
#include <string>

namespace cinerec::cuda {
namespace {

constexpr size_t kWorkspaceBytes = size_t{32} << 20;  // cuBLAS' recommendation for Hopper

}  // namespace

void check_cublas(cublasStatus_t status, const char* what, const char* file, int line) {
  if (status == CUBLAS_STATUS_SUCCESS) return;
  throw std::runtime_error(std::string(file) + ":" + std::to_string(line) + ": " + what + ": " +
                           cublasGetStatusName(status) + " (" + cublasGetStatusString(status) +
                           ")");
}

CublasHandle::CublasHandle(cudaStream_t stream) : workspace_(kWorkspaceBytes) {
  CINEREC_CUBLAS_CHECK(cublasCreate(&handle_));
  CINEREC_CUBLAS_CHECK(cublasSetStream(handle_, stream));
  CINEREC_CUBLAS_CHECK(cublasSetWorkspace(handle_, workspace_.data(), workspace_.size()));
  CINEREC_CUBLAS_CHECK(cublasSetMathMode(handle_, CUBLAS_DEFAULT_MATH));
}

CublasHandle::~CublasHandle() {
  if (handle_ != nullptr) cublasDestroy(handle_);
}

}  // namespace cinerec::cuda
