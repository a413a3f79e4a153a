// The title CNN with cuDNN convolutions (model.title_conv = "cudnn"): a cross-check of, and a
// benchmark rival to, the fused kernels of kernels/title_conv.cu. cuDNN runs each window's
// convolution (NCHW: the title is a 1-channel len x dim image, each filter 1 x window x dim) and
// its backward passes (deterministic algorithms, plain fp32); kernels/title_pool.cu does bias,
// ReLU, max-pool, dropout and the arg-max.
#pragma once

#include <cudnn.h>

#include <vector>

#include "cuda/device_buffer.h"
#include "host/model/model_spec.h"
#include "kernels/title_conv.cuh"

namespace cinerec::cuda {

class TitleConvCudnn {
 public:
  TitleConvCudnn(const ModelSpec& spec, cudaStream_t stream);
  ~TitleConvCudnn();
  TitleConvCudnn(const TitleConvCudnn&) = delete;
  TitleConvCudnn& operator=(const TitleConvCudnn&) = delete;

  // Buffers, descriptors and algorithms for batches of up to `rows` (before graph capture).
  void reserve(size_t rows);
  // As kernels::title_conv_forward / title_conv_backward.
  void forward(const kernels::TitleConvParams& conv, const float* token_table,
               const uint32_t* titles, size_t n, const kernels::TitleDropout& dropout, float* out,
               size_t ld_out);
  // After forward() on the same batch (it reuses the gathered title rows).
  void backward(const kernels::TitleConvParams& conv, size_t n,
                const kernels::TitleDropout& dropout, const float* dout, size_t ld_dout,
                float* const* dweight, float* const* dbias, float* dtokens);

 private:
  struct Window {
    size_t width = 0;
    cudnnFilterDescriptor_t filter = nullptr;
    cudnnTensorDescriptor_t output = nullptr;  // [rows, filters, positions, 1]
    cudnnConvolutionFwdAlgo_t forward_algo{};
    cudnnConvolutionBwdDataAlgo_t data_algo{};
    cudnnConvolutionBwdFilterAlgo_t filter_algo{};
    DeviceBuffer<float> conv, dconv;
  };
  size_t shape_for(size_t rows);
  void describe(size_t rows);
  void gather(const float* token_table, const uint32_t* titles, size_t n);

  const ModelSpec& spec_;
  cudaStream_t stream_;
  cudnnHandle_t handle_ = nullptr;
  cudnnTensorDescriptor_t input_ = nullptr, bias_ = nullptr;
  cudnnConvolutionDescriptor_t convolution_ = nullptr;
  std::vector<Window> windows_;
  size_t rows_ = 0, described_rows_ = 0;
  DeviceBuffer<float> x_;  // gathered title rows [rows, len, dim]
  DeviceBuffer<int32_t> argmax_;
  DeviceBuffer<unsigned char> workspace_;
};

}  // namespace cinerec::cuda
