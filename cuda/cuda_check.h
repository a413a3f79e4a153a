// Turns CUDA runtime errors into exceptions naming the call site.
#pragma once

#include <cuda_runtime_api.h>

#include <stdexcept>
#include <string>

namespace cinerec::cuda {

[[noreturn]] inline void throw_cuda_error(cudaError_t err, const char* what, const char* file,
                                          int line) {
  throw std::runtime_error(std::string(file) + ":" + std::to_string(line) + ": " + what + ": " +
                           cudaGetErrorString(err));
}

}  // namespace cinerec::cuda

#define CINEREC_CUDA_CHECK(expr)                                                  \
  do {                                                                            \
    const cudaError_t cinerec_err_ = (expr);                                      \
    if (cinerec_err_ != cudaSuccess) {                                            \
      ::cinerec::cuda::throw_cuda_error(cinerec_err_, #expr, __FILE__, __LINE__); \
    }                                                                             \
  } while (0)
