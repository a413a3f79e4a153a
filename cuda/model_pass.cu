#include "cuda/model_pass.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "cuda/cublas_handle.h"
#include "host/model/determinism.h"

namespace cinerec::cuda {

using kernels::Activation;

// How a table's ids sit in the batch: one per row, a padded genre bag per row, or one per title
// position (each its own bag, matching the per-position token gradients).
enum class Bags { kPerRow, kGenres, kTitle };

using BatchIds = uint32_t* kernels::DeviceBatch::*;

struct ModelPass::Table {
  const ParamEntry* entry;
  size_t dim;
  BatchIds ids;
  Bags bags;
  kernels::EmbeddingBagBackward backward;
};

namespace {

constexpr const char* kUserInputs[4][2] = {{"user_embedding", "user_id_fc"},
                                           {"gender_embedding", "gender_fc"},
                                           {"age_embedding", "age_fc"},
                                           {"job_embedding", "job_fc"}};

struct BagLayout {
  const uint32_t* offsets;
  size_t bags;
  const uint32_t* indices;
  size_t count;
};

BagLayout bag_layout(const ModelPass::Table& t, const DeviceBatchBuffers& b, size_t n,
                     size_t title_len) {
  const uint32_t* ids = b.view().*(t.ids);
  if (t.bags == Bags::kGenres) return {b.genre_offsets(), n, ids, n * b.genre_width()};
  if (t.bags == Bags::kTitle) return {nullptr, n * title_len, ids, n * title_len};
  return {nullptr, n, ids, n};  // one index per bag
}

}  // namespace

ModelPass::ModelPass(const ModelSpec& spec, const ParamLayout& layout, const CudaOptions& options,
                     uint64_t seed, cudaStream_t stream, cublasHandle_t cublas)
    : spec_(spec),
      layout_(layout),
      options_(options),
      seed_(seed),
      stream_(stream),
      cublas_(cublas) {
  using B = kernels::DeviceBatch;
  const auto add = [&](const char* name, BatchIds ids, Bags bags) {
    const ParamEntry& e = layout_.at(name);
    tables_.push_back(std::make_unique<Table>(
        Table{&e, e.size / e.shape[0], ids, bags, kernels::EmbeddingBagBackward(e.shape[0])}));
  };
  add("user_embedding", &B::user, Bags::kPerRow);
  add("gender_embedding", &B::gender, Bags::kPerRow);
  add("age_embedding", &B::age, Bags::kPerRow);
  add("job_embedding", &B::job, Bags::kPerRow);
  add("movie_embedding", &B::movie, Bags::kPerRow);
  add("genre_embedding", &B::genres, Bags::kGenres);
  add("token_embedding", &B::titles, Bags::kTitle);
  if (spec_.biases) {
    add("user_bias", &B::user, Bags::kPerRow);
    add("movie_bias", &B::movie, Bags::kPerRow);
  }
  if (options_.cudnn_title_conv) cudnn_conv_ = std::make_unique<TitleConvCudnn>(spec_, stream_);
}

ModelPass::~ModelPass() = default;

bool ModelPass::reserve(size_t rows, size_t genre_width) {
  if (rows <= rows_ && genre_width <= genre_width_) return false;
  rows_ = std::max(rows, rows_), genre_width_ = std::max(genre_width, genre_width_);
  rows = rows_, genre_width = genre_width_;
  const ModelSpec& s = spec_;
  const size_t F = s.feature_dim, TF = s.title_features();
  user_in_[0] = DeviceBuffer<float>(rows * s.user_id_dim);
  for (size_t i = 1; i < 4; ++i)
    user_in_[i] = DeviceBuffer<float>(rows * s.demographic_dim);
  movie_in_ = DeviceBuffer<float>(rows * s.movie_id_dim);
  genre_sum_ = DeviceBuffer<float>(rows * s.genre_dim);
  user_cat_ = DeviceBuffer<float>(rows * s.user_concat());
  movie_cat_ = DeviceBuffer<float>(rows * s.movie_concat());
  for (auto* v : {&user_feat_, &movie_feat_, &d_user_feat_, &d_movie_feat_})
    *v = DeviceBuffer<float>(rows * F);
  argmax_ = DeviceBuffer<int32_t>(rows * TF);
  for (auto* v : {&pred_, &d_pred_, &sq_err_})
    *v = DeviceBuffer<float>(rows);
  ones_ = DeviceBuffer<float>(std::vector<float>(rows, 1.0f));
  d_user_cat_ = DeviceBuffer<float>(rows * s.user_concat());
  d_movie_cat_ = DeviceBuffer<float>(rows * s.movie_concat());
  d_in_ = DeviceBuffer<float>(
      rows * std::max({s.user_id_dim, s.demographic_dim, s.movie_id_dim, s.genre_dim}));
  d_tokens_ = DeviceBuffer<float>(rows * s.title_len * s.token_dim);
  title_scratch_ =
      DeviceBuffer<float>(kernels::title_conv_backward_scratch(title_conv_shape(), rows));
  for (auto& t : tables_) {
    const size_t per_row = t->bags == Bags::kGenres  ? genre_width
                           : t->bags == Bags::kTitle ? s.title_len
                                                     : 1;
    t->backward.reserve(rows * per_row, t->dim);
  }
  if (cudnn_conv_) cudnn_conv_->reserve(rows);
  return true;
}

kernels::DenseLayer ModelPass::dense(const float* params, const char* name, Activation act) const {
  const std::string base(name);
  const ParamEntry& w = layout_.at(base + ".weight");
  return {w.shape[0], w.shape[1], params + w.offset, params + layout_.at(base + ".bias").offset,
          act};
}

kernels::TitleConvParams ModelPass::title_conv_shape() const {
  kernels::TitleConvParams c;
  c.len = spec_.title_len, c.dim = spec_.token_dim, c.filters = spec_.title_filters;
  c.windows = spec_.title_windows.size();
  if (c.windows > kernels::kMaxTitleWindows) {
    throw std::invalid_argument("the CUDA title CNN takes at most " +
                                std::to_string(kernels::kMaxTitleWindows) + " window sizes");
  }
  for (size_t i = 0; i < c.windows; ++i)
    c.window[i] = spec_.title_windows[i];
  return c;
}

kernels::TitleConvParams ModelPass::title_conv(const float* params) const {
  kernels::TitleConvParams c = title_conv_shape();
  for (size_t i = 0; i < c.windows; ++i) {
    c.weight[i] = params + layout_.at(title_conv_name(c.window[i], "weight")).offset;
    c.bias[i] = params + layout_.at(title_conv_name(c.window[i], "bias")).offset;
  }
  return c;
}

kernels::HeadParams ModelPass::head_params(const float* params) const {
  kernels::HeadParams h{spec_.head, spec_.feature_dim};
  if (spec_.head == Head::kFc) {
    h.weight = params + layout_.at("head.weight").offset;
    h.bias = params + layout_.at("head.bias").offset;
  }
  if (spec_.biases) {
    h.user_bias = params + layout_.at("user_bias").offset;
    h.movie_bias = params + layout_.at("movie_bias").offset;
    h.global_bias = params + layout_.at("global_bias").offset;
  }
  return h;
}

kernels::TitleDropout ModelPass::dropout(bool train, const uint64_t* step) const {
  const bool on = train && spec_.dropout > 0.0;
  return {on, seed_, step, dropout_threshold(spec_.dropout),
          dropout_keep_scale<float>(spec_.dropout)};
}

void ModelPass::forward(const float* params, const DeviceBatchBuffers& batch, size_t n, bool train,
                        const uint64_t* step) {
  const ModelSpec& s = spec_;
  const size_t H = s.tower_hidden, UC = s.user_concat(), MC = s.movie_concat();
  const kernels::DeviceBatch& b = batch.view();
  const auto table = [&](const char* name) { return params + layout_.at(name).offset; };

  for (size_t i = 0; i < 4; ++i) {
    const kernels::DenseLayer fc = dense(params, kUserInputs[i][1], Activation::kRelu);
    kernels::embedding_bag_forward(table(kUserInputs[i][0]), fc.in, nullptr, n,
                                   b.*(tables_[i]->ids), user_in_[i].data(), fc.in, stream_);
    kernels::dense_forward(cublas_, fc, n, user_in_[i].data(), fc.in, user_cat_.data() + i * H, UC,
                           stream_);
  }
  kernels::dense_forward(cublas_, dense(params, "user_fc", Activation::kTanh), n, user_cat_.data(),
                         UC, user_feat_.data(), s.feature_dim, stream_);

  kernels::embedding_bag_forward(table("movie_embedding"), s.movie_id_dim, nullptr, n, b.movie,
                                 movie_in_.data(), s.movie_id_dim, stream_);
  kernels::dense_forward(cublas_, dense(params, "movie_id_fc", Activation::kRelu), n,
                         movie_in_.data(), s.movie_id_dim, movie_cat_.data(), MC, stream_);
  kernels::embedding_bag_forward(table("genre_embedding"), s.genre_dim, batch.genre_offsets(), n,
                                 b.genres, genre_sum_.data(), s.genre_dim, stream_);
  kernels::dense_forward(cublas_, dense(params, "genre_fc", Activation::kRelu), n,
                         genre_sum_.data(), s.genre_dim, movie_cat_.data() + H, MC, stream_);
  const kernels::TitleConvParams conv = title_conv(params);
  const kernels::TitleDropout drop = dropout(train, step);
  if (cudnn_conv_) {
    cudnn_conv_->forward(conv, table("token_embedding"), b.titles, n, drop,
                         movie_cat_.data() + 2 * H, MC);
  } else {
    kernels::title_conv_forward(conv, table("token_embedding"), b.titles, n, drop,
                                movie_cat_.data() + 2 * H, MC, argmax_.data(), stream_);
  }
  kernels::dense_forward(cublas_, dense(params, "movie_fc", Activation::kTanh), n,
                         movie_cat_.data(), MC, movie_feat_.data(), s.feature_dim, stream_);
}

void ModelPass::predict(const float* params, const DeviceBatchBuffers& batch, size_t n,
                        float* pred) {
  forward(params, batch, n, false, nullptr);
  const kernels::DeviceBatch& b = batch.view();
  kernels::head_forward(head_params(params), n, user_feat_.data(), movie_feat_.data(), b.user,
                        b.movie, pred, stream_);
}

void ModelPass::embedding_backward(Table& t, const DeviceBatchBuffers& batch, size_t n,
                                   const float* dout, size_t ld_dout, float* grads) {
  const BagLayout l = bag_layout(t, batch, n, spec_.title_len);
  float* dtable = grads + t.entry->offset;
  if (options_.atomic_embedding_backward) {
    kernels::embedding_bag_backward_atomic(l.offsets, l.bags, l.indices, t.dim, dout, ld_dout,
                                           dtable, stream_);
  } else {
    t.backward.run(l.offsets, l.bags, l.indices, l.count, t.dim, dout, ld_dout, dtable, stream_);
  }
}

// Gradients of the head's own parameters, from d_pred: sums over the batch as products with a
// vector of ones (cuBLAS, fixed order).
void ModelPass::backward_head(const DeviceBatchBuffers& batch, size_t n, float* grads) {
  const float one = 1.0f;
  const int rows = static_cast<int>(n), F = static_cast<int>(spec_.feature_dim);
  const auto column_sums = [&](const float* x, int width, float* into) {
    CINEREC_CUBLAS_CHECK(cublasSgemv(cublas_, CUBLAS_OP_N, width, rows, &one, x, width,
                                     d_pred_.data(), 1, &one, into, 1));
  };
  if (spec_.head == Head::kFc) {
    float* dw = grads + layout_.at("head.weight").offset;
    column_sums(user_feat_.data(), F, dw);
    column_sums(movie_feat_.data(), F, dw + F);
    column_sums(ones_.data(), 1, grads + layout_.at("head.bias").offset);
  }
  if (!spec_.biases) return;
  for (size_t i = 7; i < 9; ++i)
    embedding_backward(*tables_[i], batch, n, d_pred_.data(), 1, grads);
  column_sums(ones_.data(), 1, grads + layout_.at("global_bias").offset);
}

void ModelPass::backward_user(const float* params, const DeviceBatchBuffers& batch, size_t n,
                              float* grads) {
  const ModelSpec& s = spec_;
  const size_t H = s.tower_hidden, UC = s.user_concat();
  const auto grad = [&](const std::string& name) { return grads + layout_.at(name).offset; };
  // d_user_feat_ already holds d(pre-tanh) (mse_head_backward).
  kernels::dense_backward(cublas_, dense(params, "user_fc", Activation::kNone), n, user_cat_.data(),
                          UC, user_feat_.data(), s.feature_dim, d_user_feat_.data(), s.feature_dim,
                          grad("user_fc.weight"), grad("user_fc.bias"), d_user_cat_.data(), UC,
                          ones_.data(), stream_);
  for (size_t i = 0; i < 4; ++i) {
    const std::string fc = kUserInputs[i][1];
    const kernels::DenseLayer layer = dense(params, kUserInputs[i][1], Activation::kRelu);
    kernels::dense_backward(cublas_, layer, n, user_in_[i].data(), layer.in,
                            user_cat_.data() + i * H, UC, d_user_cat_.data() + i * H, UC,
                            grad(fc + ".weight"), grad(fc + ".bias"), d_in_.data(), layer.in,
                            ones_.data(), stream_);
    embedding_backward(*tables_[i], batch, n, d_in_.data(), layer.in, grads);
  }
}

void ModelPass::backward_movie(const float* params, const DeviceBatchBuffers& batch, size_t n,
                               const uint64_t* step, float* grads) {
  const ModelSpec& s = spec_;
  const size_t H = s.tower_hidden, MC = s.movie_concat();
  const auto grad = [&](const std::string& name) { return grads + layout_.at(name).offset; };
  kernels::dense_backward(cublas_, dense(params, "movie_fc", Activation::kNone), n,
                          movie_cat_.data(), MC, movie_feat_.data(), s.feature_dim,
                          d_movie_feat_.data(), s.feature_dim, grad("movie_fc.weight"),
                          grad("movie_fc.bias"), d_movie_cat_.data(), MC, ones_.data(), stream_);
  kernels::dense_backward(
      cublas_, dense(params, "movie_id_fc", Activation::kRelu), n, movie_in_.data(), s.movie_id_dim,
      movie_cat_.data(), MC, d_movie_cat_.data(), MC, grad("movie_id_fc.weight"),
      grad("movie_id_fc.bias"), d_in_.data(), s.movie_id_dim, ones_.data(), stream_);
  embedding_backward(*tables_[4], batch, n, d_in_.data(), s.movie_id_dim, grads);
  kernels::dense_backward(cublas_, dense(params, "genre_fc", Activation::kRelu), n,
                          genre_sum_.data(), s.genre_dim, movie_cat_.data() + H, MC,
                          d_movie_cat_.data() + H, MC, grad("genre_fc.weight"),
                          grad("genre_fc.bias"), d_in_.data(), s.genre_dim, ones_.data(), stream_);
  embedding_backward(*tables_[5], batch, n, d_in_.data(), s.genre_dim, grads);

  const kernels::TitleConvParams conv = title_conv(params);
  std::vector<float*> dw, db;
  for (size_t w : s.title_windows) {
    dw.push_back(grad(title_conv_name(w, "weight")));
    db.push_back(grad(title_conv_name(w, "bias")));
  }
  const float* tokens = params + layout_.at("token_embedding").offset;
  const kernels::TitleDropout drop = dropout(true, step);
  if (cudnn_conv_) {
    cudnn_conv_->backward(conv, n, drop, d_movie_cat_.data() + 2 * H, MC, dw.data(), db.data(),
                          d_tokens_.data());
  } else {
    kernels::title_conv_backward(conv, tokens, batch.view().titles, n, drop, argmax_.data(),
                                 d_movie_cat_.data() + 2 * H, MC, dw.data(), db.data(),
                                 d_tokens_.data(), title_scratch_.data(), stream_);
  }
  embedding_backward(*tables_[6], batch, n, d_tokens_.data(), s.token_dim, grads);
}

void ModelPass::backward(const float* params, const DeviceBatchBuffers& batch, size_t n,
                         const uint64_t* step, float* grads, double* loss_sum) {
  if (n == 0) return;
  const kernels::DeviceBatch& b = batch.view();
  kernels::mse_head_backward(head_params(params), n, user_feat_.data(), movie_feat_.data(), b.user,
                             b.movie, b.rating, pred_.data(), d_pred_.data(), d_user_feat_.data(),
                             d_movie_feat_.data(), sq_err_.data(), stream_);
  kernels::accumulate_sum(sq_err_.data(), n, loss_sum, stream_);
  backward_head(batch, n, grads);
  backward_user(params, batch, n, grads);
  backward_movie(params, batch, n, step, grads);
}

std::vector<TouchedRows> ModelPass::touched_rows(const DeviceBatchBuffers& batch, size_t n) const {
  if (options_.atomic_embedding_backward) {
    throw std::logic_error("touched rows need the sorted embedding backward");
  }
  std::vector<TouchedRows> rows;
  for (const auto& t : tables_)
    rows.push_back(
        {t->entry, t->backward.sorted_rows(), bag_layout(*t, batch, n, spec_.title_len).count});
  return rows;
}

}  // namespace cinerec::cuda
