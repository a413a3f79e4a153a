#include "kernels/step_args.cuh"

#include "kernels/launch.cuh"

namespace cinerec::kernels {
namespace {

__global__ void write_step_args_kernel(StepArgs* to, StepArgs value) {
  *to = value;
}

}  // namespace

void write_step_args(StepArgs* to, const StepArgs& value, cudaStream_t stream) {
  launch(write_step_args_kernel, 1, 1, 0, stream, to, value);
}

}  // namespace cinerec::kernels
