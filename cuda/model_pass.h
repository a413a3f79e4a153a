// Forward and backward of the whole CNN recommender on the GPU (CUDA twin of
// host/cpu/model_pass.cpp), as ModelWiring describes it: stream-ordered launches with no host
// synchronisation, so a training step can be captured into a CUDA graph. Holds the activations of
// the last forward pass; parameters and gradients live in flat device buffers laid out by the
// wiring's ParamLayout.
#pragma once

#include <cublas_v2.h>

#include <memory>
#include <vector>

#include "cuda/device_batch.h"
#include "cuda/device_buffer.h"
#include "cuda/title_conv_cudnn.h"
#include "host/model/model_wiring.h"
#include "kernels/dense.cuh"
#include "kernels/embedding_bag.cuh"
#include "kernels/mse_head.cuh"
#include "kernels/step_args.cuh"
#include "kernels/title_conv.cuh"

namespace cinerec::cuda {

struct CudaOptions {
  bool cudnn_title_conv = false;           // model.title_conv = "cudnn"
  bool atomic_embedding_backward = false;  // train.embedding_backward = "atomic"
  bool graphs = true;                      // train.cuda_graphs
};

// The rows of one embedding table a backward pass touched, as a row list
// (kernels/row_list.cuh); only with the sorted embedding backward.
struct TouchedRows {
  const EmbeddingTable* table;
  const uint32_t* rows;
  size_t count;
};

class ModelPass {
 public:
  ModelPass(const ModelWiring& wiring, const CudaOptions& options, uint64_t seed,
            cudaStream_t stream, cublasHandle_t cublas);
  ~ModelPass();

  // Sizes every buffer for batches of up to `rows` (call before capturing a graph); returns
  // whether anything moved.
  bool reserve(size_t rows, size_t genre_width);

  // With `train`, title dropout uses the masks that the step's arguments `args` (device memory;
  // unused otherwise) select: its global step, and the batch's first row in the global batch.
  void forward(const float* params, const DeviceBatchBuffers& batch, size_t n, bool train,
               const kernels::StepArgs* args);
  // After forward(train): accumulates the gradients of the loss, a mean over args->mean_over
  // rows, into `grads` and the batch's summed squared error into *loss_sum (device memory).
  void backward(const float* params, const DeviceBatchBuffers& batch, size_t n,
                const kernels::StepArgs* args, float* grads, double* loss_sum);
  // After forward(): predictions of the batch (eval) and the towers' outputs u, m.
  void predict(const float* params, const DeviceBatchBuffers& batch, size_t n, float* pred);
  const float* user_features() const { return user_.feat.data(); }
  const float* movie_features() const { return movie_.feat.data(); }

  std::vector<TouchedRows> touched_rows(const DeviceBatchBuffers& batch, size_t n) const;

 private:
  // An embedding table with its deterministic backward (sort + segment sums).
  struct Table {
    const EmbeddingTable* table;
    kernels::EmbeddingBagBackward backward;
  };
  // One tower: its inputs' rows (lookups or bag sums), its concatenation and its output.
  struct Tower {
    std::vector<DeviceBuffer<float>> rows;  // per input, [rows, table dim]
    DeviceBuffer<float> cat, feat, d_cat, d_feat;
  };

  kernels::TitleConvParams title_conv_shape() const;  // sizes only, no parameter pointers
  kernels::TitleConvParams title_conv(const float* params) const;
  kernels::HeadParams head_params(const float* params) const;
  kernels::TitleDropout dropout(bool train, const kernels::StepArgs* args) const;
  void gather(const EmbeddingTable& t, const float* params, const DeviceBatchBuffers& batch,
              size_t n, float* out, size_t ld_out);
  void embedding_backward(Table& table, const DeviceBatchBuffers& batch, size_t n,
                          const float* dout, size_t ld_dout, float* grads);
  void forward_inputs(const float* params, const DeviceBatchBuffers& batch, size_t n,
                      const std::vector<TowerInput>& inputs, Tower& tower, size_t ld_cat);
  void backward_inputs(const float* params, const DeviceBatchBuffers& batch, size_t n,
                       const std::vector<TowerInput>& inputs, Tower& tower, size_t ld_cat,
                       float* grads);
  void backward_top(const float* params, const DenseLayer& fc, size_t n, Tower& tower,
                    size_t ld_cat, float* grads);
  void backward_head(const DeviceBatchBuffers& batch, size_t n, float* grads);
  void backward_title(const float* params, const DeviceBatchBuffers& batch, size_t n,
                      const kernels::StepArgs* args, float* grads);

  const ModelWiring& wiring_;
  CudaOptions options_;
  uint64_t seed_;
  cudaStream_t stream_;
  cublasHandle_t cublas_;
  size_t rows_ = 0, genre_width_ = 0;
  std::vector<Table> tables_;  // as wiring_.tables, index for index
  std::unique_ptr<TitleConvCudnn> cudnn_conv_;
  Tower user_, movie_;
  DeviceBuffer<int32_t> argmax_;
  DeviceBuffer<float> pred_, d_pred_, sq_err_, d_in_, d_tokens_, ones_, title_scratch_;
};

}  // namespace cinerec::cuda
