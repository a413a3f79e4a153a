#include "cuda/title_conv_cudnn.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "kernels/embedding_bag.cuh"
#include "kernels/title_pool.cuh"

#define CINEREC_CUDNN_CHECK(expr) check_cudnn((expr), #expr, __FILE__, __LINE__)

namespace cinerec::cuda {
namespace {

void check_cudnn(cudnnStatus_t status, const char* what, const char* file, int line) {
  if (status == CUDNN_STATUS_SUCCESS) return;
  throw std::runtime_error(std::string(file) + ":" + std::to_string(line) + ": " + what + ": " +
                           cudnnGetErrorString(status));
}

int as_int(size_t v) {
  return static_cast<int>(v);
}

// The first deterministic algorithm cuDNN's heuristics offer.
template <class Perf, class Query>
decltype(Perf{}.algo) pick_algorithm(Query query, const char* what) {
  Perf perf[16];
  int found = 0;
  CINEREC_CUDNN_CHECK(query(16, &found, perf));
  for (int i = 0; i < found; ++i) {
    if (perf[i].status == CUDNN_STATUS_SUCCESS && perf[i].determinism == CUDNN_DETERMINISTIC) {
      return perf[i].algo;
    }
  }
  throw std::runtime_error(std::string("cuDNN offers no deterministic ") + what +
                           " algorithm for the title convolution");
}

}  // namespace

TitleConvCudnn::TitleConvCudnn(const ModelSpec& spec, cudaStream_t stream)
    : spec_(spec), stream_(stream), windows_(spec.title_windows.size()) {
  CINEREC_CUDNN_CHECK(cudnnCreate(&handle_));
  CINEREC_CUDNN_CHECK(cudnnSetStream(handle_, stream_));
  CINEREC_CUDNN_CHECK(cudnnCreateTensorDescriptor(&input_));
  CINEREC_CUDNN_CHECK(cudnnCreateTensorDescriptor(&bias_));
  CINEREC_CUDNN_CHECK(cudnnSetTensor4dDescriptor(bias_, CUDNN_TENSOR_NCHW, CUDNN_DATA_FLOAT, 1,
                                                 as_int(spec_.title_filters), 1, 1));
  CINEREC_CUDNN_CHECK(cudnnCreateConvolutionDescriptor(&convolution_));
  CINEREC_CUDNN_CHECK(cudnnSetConvolution2dDescriptor(convolution_, 0, 0, 1, 1, 1, 1,
                                                      CUDNN_CROSS_CORRELATION, CUDNN_DATA_FLOAT));
  CINEREC_CUDNN_CHECK(cudnnSetConvolutionMathType(convolution_, CUDNN_FMA_MATH));  // no TF32
  for (size_t i = 0; i < windows_.size(); ++i) {
    Window& w = windows_[i];
    w.width = spec_.title_windows[i];
    CINEREC_CUDNN_CHECK(cudnnCreateFilterDescriptor(&w.filter));
    CINEREC_CUDNN_CHECK(cudnnSetFilter4dDescriptor(w.filter, CUDNN_DATA_FLOAT, CUDNN_TENSOR_NCHW,
                                                   as_int(spec_.title_filters), 1, as_int(w.width),
                                                   as_int(spec_.token_dim)));
    CINEREC_CUDNN_CHECK(cudnnCreateTensorDescriptor(&w.output));
  }
}

TitleConvCudnn::~TitleConvCudnn() {
  for (Window& w : windows_) {
    cudnnDestroyFilterDescriptor(w.filter);
    cudnnDestroyTensorDescriptor(w.output);
  }
  cudnnDestroyConvolutionDescriptor(convolution_);
  cudnnDestroyTensorDescriptor(bias_);
  cudnnDestroyTensorDescriptor(input_);
  cudnnDestroy(handle_);
}

// Sets the descriptors for a batch of `rows`; returns the workspace its algorithms need.
size_t TitleConvCudnn::shape_for(size_t rows) {
  const size_t len = spec_.title_len, dim = spec_.token_dim, filters = spec_.title_filters;
  CINEREC_CUDNN_CHECK(cudnnSetTensor4dDescriptor(input_, CUDNN_TENSOR_NCHW, CUDNN_DATA_FLOAT,
                                                 as_int(rows), 1, as_int(len), as_int(dim)));
  size_t bytes = 0;
  for (Window& w : windows_) {
    CINEREC_CUDNN_CHECK(cudnnSetTensor4dDescriptor(w.output, CUDNN_TENSOR_NCHW, CUDNN_DATA_FLOAT,
                                                   as_int(rows), as_int(filters),
                                                   as_int(len - w.width + 1), 1));
    size_t need = 0;
    CINEREC_CUDNN_CHECK(cudnnGetConvolutionForwardWorkspaceSize(
        handle_, input_, w.filter, convolution_, w.output, w.forward_algo, &need));
    bytes = std::max(bytes, need);
    CINEREC_CUDNN_CHECK(cudnnGetConvolutionBackwardDataWorkspaceSize(
        handle_, w.filter, w.output, convolution_, input_, w.data_algo, &need));
    bytes = std::max(bytes, need);
    CINEREC_CUDNN_CHECK(cudnnGetConvolutionBackwardFilterWorkspaceSize(
        handle_, input_, w.output, convolution_, w.filter, w.filter_algo, &need));
    bytes = std::max(bytes, need);
  }
  return bytes;
}

// Only reserve() may allocate: a captured CUDA graph holds the workspace pointer.
void TitleConvCudnn::describe(size_t rows) {
  if (rows == described_rows_) return;
  const size_t bytes = shape_for(rows);
  if (bytes > workspace_.size()) {
    throw std::runtime_error("cuDNN wants " + std::to_string(bytes) + " workspace bytes for a " +
                             std::to_string(rows) + "-row title batch, more than the " +
                             std::to_string(workspace_.size()) + " reserved for " +
                             std::to_string(rows_) + " rows");
  }
  described_rows_ = rows;
}

void TitleConvCudnn::reserve(size_t rows) {
  if (rows <= rows_) return;
  rows_ = rows;
  const size_t len = spec_.title_len, dim = spec_.token_dim, filters = spec_.title_filters;
  x_ = DeviceBuffer<float>(rows * len * dim);
  argmax_ = DeviceBuffer<int32_t>(rows * spec_.title_features());
  described_rows_ = 0;
  CINEREC_CUDNN_CHECK(cudnnSetTensor4dDescriptor(input_, CUDNN_TENSOR_NCHW, CUDNN_DATA_FLOAT,
                                                 as_int(rows), 1, as_int(len), as_int(dim)));
  for (Window& w : windows_) {
    const size_t outputs = rows * filters * (len - w.width + 1);
    w.conv = DeviceBuffer<float>(outputs);
    w.dconv = DeviceBuffer<float>(outputs);
    CINEREC_CUDNN_CHECK(cudnnSetTensor4dDescriptor(w.output, CUDNN_TENSOR_NCHW, CUDNN_DATA_FLOAT,
                                                   as_int(rows), as_int(filters),
                                                   as_int(len - w.width + 1), 1));
    w.forward_algo = pick_algorithm<cudnnConvolutionFwdAlgoPerf_t>(
        [&](int n, int* found, cudnnConvolutionFwdAlgoPerf_t* perf) {
          return cudnnGetConvolutionForwardAlgorithm_v7(handle_, input_, w.filter, convolution_,
                                                        w.output, n, found, perf);
        },
        "forward");
    w.data_algo = pick_algorithm<cudnnConvolutionBwdDataAlgoPerf_t>(
        [&](int n, int* found, cudnnConvolutionBwdDataAlgoPerf_t* perf) {
          return cudnnGetConvolutionBackwardDataAlgorithm_v7(handle_, w.filter, w.output,
                                                             convolution_, input_, n, found, perf);
        },
        "backward-data");
    w.filter_algo = pick_algorithm<cudnnConvolutionBwdFilterAlgoPerf_t>(
        [&](int n, int* found, cudnnConvolutionBwdFilterAlgoPerf_t* perf) {
          return cudnnGetConvolutionBackwardFilterAlgorithm_v7(
              handle_, input_, w.output, convolution_, w.filter, n, found, perf);
        },
        "backward-filter");
  }
  // A smaller (tail) batch may want more workspace than the full one: size it for every halving.
  size_t bytes = 0;
  for (size_t r = rows; r > 0; r /= 2)
    bytes = std::max(bytes, shape_for(r));
  workspace_ = DeviceBuffer<unsigned char>(bytes);
  describe(rows);
}

void TitleConvCudnn::gather(const float* token_table, const uint32_t* titles, size_t n) {
  kernels::embedding_bag_forward(token_table, spec_.token_dim, nullptr, n * spec_.title_len, titles,
                                 x_.data(), spec_.token_dim, stream_);
}

void TitleConvCudnn::forward(const kernels::TitleConvParams& conv, const float* token_table,
                             const uint32_t* titles, size_t n, const kernels::TitleDropout& dropout,
                             float* out, size_t ld_out) {
  if (n == 0) return;
  reserve(n);
  describe(n);
  gather(token_table, titles, n);
  const float one = 1.0f, zero = 0.0f;
  std::vector<const float*> outputs;
  for (size_t i = 0; i < windows_.size(); ++i) {
    Window& w = windows_[i];
    CINEREC_CUDNN_CHECK(cudnnConvolutionForward(
        handle_, &one, input_, x_.data(), w.filter, conv.weight[i], convolution_, w.forward_algo,
        workspace_.data(), workspace_.size(), &zero, w.output, w.conv.data()));
    outputs.push_back(w.conv.data());
  }
  kernels::title_pool_forward(conv, outputs.data(), n, dropout, out, ld_out, argmax_.data(),
                              stream_);
}

void TitleConvCudnn::backward(const kernels::TitleConvParams& conv, size_t n,
                              const kernels::TitleDropout& dropout, const float* dout,
                              size_t ld_dout, float* const* dweight, float* const* dbias,
                              float* dtokens) {
  if (n == 0) return;
  describe(n);
  std::vector<float*> dconv;
  for (Window& w : windows_)
    dconv.push_back(w.dconv.data());
  kernels::title_pool_backward(conv, n, dropout, argmax_.data(), dout, ld_dout, dconv.data(),
                               stream_);
  const float one = 1.0f, zero = 0.0f;
  for (size_t i = 0; i < windows_.size(); ++i) {
    Window& w = windows_[i];
    CINEREC_CUDNN_CHECK(cudnnConvolutionBackwardFilter(
        handle_, &one, input_, x_.data(), w.output, w.dconv.data(), convolution_, w.filter_algo,
        workspace_.data(), workspace_.size(), &one, w.filter, dweight[i]));
    CINEREC_CUDNN_CHECK(cudnnConvolutionBackwardBias(handle_, &one, w.output, w.dconv.data(), &one,
                                                     bias_, dbias[i]));
    CINEREC_CUDNN_CHECK(cudnnConvolutionBackwardData(
        handle_, &one, w.filter, conv.weight[i], w.output, w.dconv.data(), convolution_,
        w.data_algo, workspace_.data(), workspace_.size(), i == 0 ? &zero : &one, input_, dtokens));
  }
}

}  // namespace cinerec::cuda
