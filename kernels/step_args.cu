#include "cuda/cuda_check.h"
#include "kernels/step_args.cuh"

namespace cinerec::kernels {
namespace {

__global__ void write_step_args_kernel(StepArgs* to, StepArgs value) {
  *to = value;
}

}  // namespace

void write_step_args(StepArgs* to, const StepArgs& value, cudaStream_t stream) {
  write_step_args_kernel<<<1, 1, 0, stream>>>(to, value);
  CINEREC_CUDA_CHECK(cudaGetLastError());
}

}  // namespace cinerec::kernels
