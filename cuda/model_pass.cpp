#include "cuda/model_pass.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "cuda/cublas_handle.h"
#include "host_device/determinism.h"

namespace cinerec::cuda {

using kernels::Activation;

namespace {

kernels::DenseLayer dense(const float* params, const DenseLayer& l, Activation act) {
  return {l.in, l.out, l.weight.in(params), l.bias.in(params), act};
}

// How a table's ids of an n-row batch sit as bags: a genre bag per row (padded to the batch's
// genre width), one bag per title position (matching the per-position token gradients), or one
// id per row.
struct BagLayout {
  const uint32_t* offsets;
  size_t bags;
  const uint32_t* indices;
  size_t count;
};

BagLayout bag_layout(const EmbeddingTable& t, const DeviceBatchBuffers& b, size_t n,
                     size_t title_len) {
  const uint32_t* ids = b.ids(t.ids);
  if (t.bags == Bags::kGenreBag) return {b.genre_offsets(), n, ids, n * b.genre_width()};
  if (t.bags == Bags::kTitle) return {nullptr, n * title_len, ids, n * title_len};
  return {nullptr, n, ids, n};  // one index per bag
}

size_t ids_per_row(const EmbeddingTable& t, size_t genre_width, size_t title_len) {
  return t.bags == Bags::kGenreBag ? genre_width : t.bags == Bags::kTitle ? title_len : 1;
}

}  // namespace

ModelPass::ModelPass(const ModelWiring& wiring, const CudaOptions& options, uint64_t seed,
                     cudaStream_t stream, cublasHandle_t cublas)
    : wiring_(wiring), options_(options), seed_(seed), stream_(stream), cublas_(cublas) {
  for (const EmbeddingTable& t : wiring_.tables)
    tables_.push_back({&t, kernels::EmbeddingBagBackward(t.rows)});
  if (options_.cudnn_title_conv) {
    cudnn_conv_ = std::make_unique<TitleConvCudnn>(wiring_.spec, stream_);
  }
}

ModelPass::~ModelPass() = default;

bool ModelPass::reserve(size_t rows, size_t genre_width) {
  if (rows <= rows_ && genre_width <= genre_width_) return false;
  rows_ = std::max(rows, rows_), genre_width_ = std::max(genre_width, genre_width_);
  rows = rows_, genre_width = genre_width_;
  const ModelSpec& s = wiring_.spec;
  const size_t F = s.feature_dim, TF = s.title_features();
  size_t widest_input = 0;
  for (auto [inputs, tower, width] :
       {std::tuple{&wiring_.user_inputs, &user_, s.user_concat()},
        std::tuple{&wiring_.movie_inputs, &movie_, s.movie_concat()}}) {
    tower->rows.clear();
    for (const TowerInput& in : *inputs) {
      const size_t dim = wiring_.tables[in.table].dim;
      tower->rows.emplace_back(rows * dim);
      widest_input = std::max(widest_input, dim);
    }
    tower->cat = DeviceBuffer<float>(rows * width);
    tower->d_cat = DeviceBuffer<float>(rows * width);
    tower->feat = DeviceBuffer<float>(rows * F);
    tower->d_feat = DeviceBuffer<float>(rows * F);
  }
  argmax_ = DeviceBuffer<int32_t>(rows * TF);
  for (auto* v : {&pred_, &d_pred_, &sq_err_})
    *v = DeviceBuffer<float>(rows);
  ones_ = DeviceBuffer<float>(std::vector<float>(rows, 1.0f));
  d_in_ = DeviceBuffer<float>(rows * widest_input);
  d_tokens_ = DeviceBuffer<float>(rows * s.title_len * s.token_dim);
  title_scratch_ =
      DeviceBuffer<float>(kernels::title_conv_backward_scratch(title_conv_shape(), rows));
  for (Table& t : tables_)
    t.backward.reserve(rows * ids_per_row(*t.table, genre_width, s.title_len), t.table->dim);
  if (cudnn_conv_) cudnn_conv_->reserve(rows);
  return true;
}

kernels::TitleConvParams ModelPass::title_conv_shape() const {
  const ModelSpec& s = wiring_.spec;
  kernels::TitleConvParams c;
  c.len = s.title_len, c.dim = s.token_dim, c.filters = s.title_filters;
  c.windows = wiring_.title.windows.size();
  if (c.windows > kernels::kMaxTitleWindows) {
    throw std::invalid_argument("the CUDA title CNN takes at most " +
                                std::to_string(kernels::kMaxTitleWindows) + " window sizes");
  }
  for (size_t i = 0; i < c.windows; ++i)
    c.window[i] = wiring_.title.windows[i].width;
  return c;
}

kernels::TitleConvParams ModelPass::title_conv(const float* params) const {
  kernels::TitleConvParams c = title_conv_shape();
  for (size_t i = 0; i < c.windows; ++i) {
    c.weight[i] = wiring_.title.windows[i].weight.in(params);
    c.bias[i] = wiring_.title.windows[i].bias.in(params);
  }
  return c;
}

kernels::HeadParams ModelPass::head_params(const float* params) const {
  const HeadWiring& h = wiring_.head;
  kernels::HeadParams p{wiring_.spec.head, wiring_.spec.feature_dim};
  if (h.fc) p.weight = h.fc->weight.in(params), p.bias = h.fc->bias.in(params);
  if (h.global_bias) {
    p.user_bias = wiring_.tables[*h.user_bias].tensor.in(params);
    p.movie_bias = wiring_.tables[*h.movie_bias].tensor.in(params);
    p.global_bias = h.global_bias->in(params);
  }
  return p;
}

kernels::TitleDropout ModelPass::dropout(bool train, const kernels::StepArgs* args) const {
  const double p = wiring_.spec.dropout;
  if (!train || p == 0.0) return {};
  return {true,
          seed_,
          &args->step,
          dropout_threshold(p),
          dropout_keep_scale<float>(p),
          &args->first_row};
}

void ModelPass::gather(const EmbeddingTable& t, const float* params,
                       const DeviceBatchBuffers& batch, size_t n, float* out, size_t ld_out) {
  const uint32_t* offsets = t.bags == Bags::kGenreBag ? batch.genre_offsets() : nullptr;
  kernels::embedding_bag_forward(t.tensor.in(params), t.dim, offsets, n, batch.ids(t.ids), out,
                                 ld_out, stream_);
}

void ModelPass::forward_inputs(const float* params, const DeviceBatchBuffers& batch, size_t n,
                               const std::vector<TowerInput>& inputs, Tower& tower, size_t ld_cat) {
  for (size_t i = 0; i < inputs.size(); ++i) {
    const TowerInput& in = inputs[i];
    gather(wiring_.tables[in.table], params, batch, n, tower.rows[i].data(), in.fc.in);
    kernels::dense_forward(cublas_, dense(params, in.fc, Activation::kRelu), n,
                           tower.rows[i].data(), in.fc.in, tower.cat.data() + in.slot, ld_cat,
                           stream_);
  }
}

void ModelPass::forward(const float* params, const DeviceBatchBuffers& batch, size_t n, bool train,
                        const kernels::StepArgs* args) {
  const ModelSpec& s = wiring_.spec;
  const size_t UC = s.user_concat(), MC = s.movie_concat(), F = s.feature_dim;
  forward_inputs(params, batch, n, wiring_.user_inputs, user_, UC);
  kernels::dense_forward(cublas_, dense(params, wiring_.user_fc, Activation::kTanh), n,
                         user_.cat.data(), UC, user_.feat.data(), F, stream_);
  forward_inputs(params, batch, n, wiring_.movie_inputs, movie_, MC);
  const kernels::TitleConvParams conv = title_conv(params);
  const kernels::TitleDropout drop = dropout(train, args);
  const float* tokens = wiring_.tables[wiring_.title.table].tensor.in(params);
  float* title = movie_.cat.data() + wiring_.title.slot;
  if (cudnn_conv_) {
    cudnn_conv_->forward(conv, tokens, batch.view().titles, n, drop, title, MC);
  } else {
    kernels::title_conv_forward(conv, tokens, batch.view().titles, n, drop, title, MC,
                                argmax_.data(), stream_);
  }
  kernels::dense_forward(cublas_, dense(params, wiring_.movie_fc, Activation::kTanh), n,
                         movie_.cat.data(), MC, movie_.feat.data(), F, stream_);
}

void ModelPass::predict(const float* params, const DeviceBatchBuffers& batch, size_t n,
                        float* pred) {
  forward(params, batch, n, false, nullptr);
  const kernels::DeviceBatch& b = batch.view();
  kernels::head_forward(head_params(params), n, user_.feat.data(), movie_.feat.data(), b.user,
                        b.movie, pred, stream_);
}

void ModelPass::embedding_backward(Table& t, const DeviceBatchBuffers& batch, size_t n,
                                   const float* dout, size_t ld_dout, float* grads) {
  const BagLayout l = bag_layout(*t.table, batch, n, wiring_.spec.title_len);
  float* dtable = t.table->tensor.in(grads);
  if (options_.atomic_embedding_backward) {
    kernels::embedding_bag_backward_atomic(l.offsets, l.bags, l.indices, t.table->dim, dout,
                                           ld_dout, dtable, stream_);
  } else {
    t.backward.run(l.offsets, l.bags, l.indices, l.count, t.table->dim, dout, ld_dout, dtable,
                   stream_);
  }
}

// Gradients of the head's own parameters, from d_pred: sums over the batch as products with a
// vector of ones (cuBLAS, fixed order).
void ModelPass::backward_head(const DeviceBatchBuffers& batch, size_t n, float* grads) {
  const HeadWiring& h = wiring_.head;
  const float one = 1.0f;
  const int rows = static_cast<int>(n), F = static_cast<int>(wiring_.spec.feature_dim);
  const auto column_sums = [&](const float* x, int width, float* into) {
    CINEREC_CUBLAS_CHECK(cublasSgemv(cublas_, CUBLAS_OP_N, width, rows, &one, x, width,
                                     d_pred_.data(), 1, &one, into, 1));
  };
  if (h.fc) {
    float* dw = h.fc->weight.in(grads);
    column_sums(user_.feat.data(), F, dw);
    column_sums(movie_.feat.data(), F, dw + F);
    column_sums(ones_.data(), 1, h.fc->bias.in(grads));
  }
  if (!h.global_bias) return;
  for (const size_t table : {*h.user_bias, *h.movie_bias})
    embedding_backward(tables_[table], batch, n, d_pred_.data(), 1, grads);
  column_sums(ones_.data(), 1, h.global_bias->in(grads));
}

// A tower's last layer, from d_feat (which already holds d(pre-tanh): mse_head_backward) into
// d_cat.
void ModelPass::backward_top(const float* params, const DenseLayer& fc, size_t n, Tower& tower,
                             size_t ld_cat, float* grads) {
  const size_t F = wiring_.spec.feature_dim;
  kernels::dense_backward(cublas_, dense(params, fc, Activation::kNone), n, tower.cat.data(),
                          ld_cat, tower.feat.data(), F, tower.d_feat.data(), F, fc.weight.in(grads),
                          fc.bias.in(grads), tower.d_cat.data(), ld_cat, ones_.data(), stream_);
}

void ModelPass::backward_inputs(const float* params, const DeviceBatchBuffers& batch, size_t n,
                                const std::vector<TowerInput>& inputs, Tower& tower, size_t ld_cat,
                                float* grads) {
  for (size_t i = 0; i < inputs.size(); ++i) {
    const TowerInput& in = inputs[i];
    kernels::dense_backward(cublas_, dense(params, in.fc, Activation::kRelu), n,
                            tower.rows[i].data(), in.fc.in, tower.cat.data() + in.slot, ld_cat,
                            tower.d_cat.data() + in.slot, ld_cat, in.fc.weight.in(grads),
                            in.fc.bias.in(grads), d_in_.data(), in.fc.in, ones_.data(), stream_);
    embedding_backward(tables_[in.table], batch, n, d_in_.data(), in.fc.in, grads);
  }
}

void ModelPass::backward_title(const float* params, const DeviceBatchBuffers& batch, size_t n,
                               const kernels::StepArgs* args, float* grads) {
  const size_t MC = wiring_.spec.movie_concat();
  const kernels::TitleConvParams conv = title_conv(params);
  std::vector<float*> dw, db;
  for (const ConvWindow& w : wiring_.title.windows) {
    dw.push_back(w.weight.in(grads));
    db.push_back(w.bias.in(grads));
  }
  const float* tokens = wiring_.tables[wiring_.title.table].tensor.in(params);
  const kernels::TitleDropout drop = dropout(true, args);
  float* d_title = movie_.d_cat.data() + wiring_.title.slot;
  if (cudnn_conv_) {
    cudnn_conv_->backward(conv, n, drop, d_title, MC, dw.data(), db.data(), d_tokens_.data());
  } else {
    kernels::title_conv_backward(conv, tokens, batch.view().titles, n, drop, argmax_.data(),
                                 d_title, MC, dw.data(), db.data(), d_tokens_.data(),
                                 title_scratch_.data(), stream_);
  }
  embedding_backward(tables_[wiring_.title.table], batch, n, d_tokens_.data(),
                     wiring_.spec.token_dim, grads);
}

void ModelPass::backward(const float* params, const DeviceBatchBuffers& batch, size_t n,
                         const kernels::StepArgs* args, float* grads, double* loss_sum) {
  if (n == 0) return;
  const ModelSpec& s = wiring_.spec;
  const kernels::DeviceBatch& b = batch.view();
  kernels::mse_head_backward(head_params(params), n, user_.feat.data(), movie_.feat.data(), b.user,
                             b.movie, b.rating, &args->mean_over, pred_.data(), d_pred_.data(),
                             user_.d_feat.data(), movie_.d_feat.data(), sq_err_.data(), stream_);
  kernels::accumulate_sum(sq_err_.data(), n, loss_sum, stream_);
  backward_head(batch, n, grads);
  backward_top(params, wiring_.user_fc, n, user_, s.user_concat(), grads);
  backward_inputs(params, batch, n, wiring_.user_inputs, user_, s.user_concat(), grads);
  backward_top(params, wiring_.movie_fc, n, movie_, s.movie_concat(), grads);
  backward_inputs(params, batch, n, wiring_.movie_inputs, movie_, s.movie_concat(), grads);
  backward_title(params, batch, n, args, grads);
}

std::vector<TouchedRows> ModelPass::touched_rows(const DeviceBatchBuffers& batch, size_t n) const {
  if (options_.atomic_embedding_backward) {
    throw std::logic_error("touched rows need the sorted embedding backward");
  }
  std::vector<TouchedRows> rows;
  for (const Table& t : tables_) {
    rows.push_back({t.table, t.backward.sorted_rows(),
                    bag_layout(*t.table, batch, n, wiring_.spec.title_len).count});
  }
  return rows;
}

}  // namespace cinerec::cuda
