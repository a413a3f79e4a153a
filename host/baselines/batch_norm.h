// BatchNorm1d as torch.nn.BatchNorm1d computes it (RecBole's MLPLayers with bn = True, in DIN):
// each feature of a [rows, width] batch normalised, y = gamma (x - mean) / sqrt(var + eps) + beta,
// by the batch's mean and biased variance when training, and by the running statistics
// otherwise; training moves the running statistics towards the batch's by `momentum` (the
// variance unbiased, as torch's). Templated so the gradient check runs in double.
#pragma once

#include <cmath>
#include <cstddef>
#include <vector>

namespace cinerec {

inline constexpr double kBatchNormEps = 1e-5, kBatchNormMomentum = 0.1;

template <class T>
struct BatchNormAffine {
  const T *gamma, *beta;  // [width]
};

// What the backward needs of a training forward, and what moves the running statistics.
template <class T>
struct BatchNormBatch {
  std::vector<T> normalised;               // [rows, width]: (x - mean) / sqrt(var + eps)
  std::vector<T> mean, inv_std, variance;  // [width]; variance biased
};

// Training mode: y[rows, width] from x, keeping what the backward needs in `batch`.
template <class T>
void batch_norm_train(size_t rows, size_t width, const T* x, BatchNormAffine<T> affine,
                      BatchNormBatch<T>& batch, T* y) {
  batch.mean.assign(width, T(0));
  batch.variance.assign(width, T(0));
  batch.inv_std.resize(width);
  batch.normalised.resize(rows * width);
  for (size_t i = 0; i < rows; ++i) {
    for (size_t j = 0; j < width; ++j)
      batch.mean[j] += x[i * width + j];
  }
  for (size_t j = 0; j < width; ++j)
    batch.mean[j] /= static_cast<T>(rows);
  for (size_t i = 0; i < rows; ++i) {
    for (size_t j = 0; j < width; ++j) {
      const T c = x[i * width + j] - batch.mean[j];
      batch.variance[j] += c * c;
    }
  }
  for (size_t j = 0; j < width; ++j) {
    batch.variance[j] /= static_cast<T>(rows);
    batch.inv_std[j] = T(1) / std::sqrt(batch.variance[j] + static_cast<T>(kBatchNormEps));
  }
  for (size_t i = 0; i < rows; ++i) {
    for (size_t j = 0; j < width; ++j) {
      const T n = (x[i * width + j] - batch.mean[j]) * batch.inv_std[j];
      batch.normalised[i * width + j] = n;
      y[i * width + j] = affine.gamma[j] * n + affine.beta[j];
    }
  }
}

// Evaluation mode: y from x by the running statistics.
template <class T>
void batch_norm_eval(size_t rows, size_t width, const T* x, BatchNormAffine<T> affine,
                     const T* running_mean, const T* running_var, T* y) {
  for (size_t i = 0; i < rows; ++i) {
    for (size_t j = 0; j < width; ++j) {
      const T inv_std = T(1) / std::sqrt(running_var[j] + static_cast<T>(kBatchNormEps));
      y[i * width + j] =
          affine.gamma[j] * (x[i * width + j] - running_mean[j]) * inv_std + affine.beta[j];
    }
  }
}

// dx from dy (dL/dy) through a training forward; adds to dgamma and dbeta.
template <class T>
void batch_norm_backward(size_t rows, size_t width, const BatchNormBatch<T>& batch,
                         BatchNormAffine<T> affine, const T* dy, T* dx, T* dgamma, T* dbeta) {
  std::vector<T> sum(width, T(0)), dot(width, T(0));  // of dL/d(normalised), and times it
  for (size_t i = 0; i < rows; ++i) {
    for (size_t j = 0; j < width; ++j) {
      const T g = dy[i * width + j];
      dgamma[j] += g * batch.normalised[i * width + j];
      dbeta[j] += g;
      sum[j] += g * affine.gamma[j];
      dot[j] += g * affine.gamma[j] * batch.normalised[i * width + j];
    }
  }
  const T n = static_cast<T>(rows);
  for (size_t i = 0; i < rows; ++i) {
    for (size_t j = 0; j < width; ++j) {
      const T g = dy[i * width + j] * affine.gamma[j];
      dx[i * width + j] =
          batch.inv_std[j] / n * (n * g - sum[j] - batch.normalised[i * width + j] * dot[j]);
    }
  }
}

// The running statistics after a training batch of `rows` (torch: the unbiased variance; a
// batch of one row leaves the variance as it is, since it has none).
template <class T>
void batch_norm_update_running(size_t rows, const BatchNormBatch<T>& batch, T* running_mean,
                               T* running_var) {
  const T m = static_cast<T>(kBatchNormMomentum);
  for (size_t j = 0; j < batch.mean.size(); ++j) {
    running_mean[j] = (T(1) - m) * running_mean[j] + m * batch.mean[j];
    if (rows > 1) {
      const T unbiased = batch.variance[j] * static_cast<T>(rows) / static_cast<T>(rows - 1);
      running_var[j] = (T(1) - m) * running_var[j] + m * unbiased;
    }
  }
}

}  // namespace cinerec
