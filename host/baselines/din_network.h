// DIN's network (Zhou et al., KDD 2018) as RecBole's DIN computes it, for a batch of (history,
// target movie) pairs, on the parameters of host/baselines/din_model.h:
//   attention: for each history movie k of the target q, a = (MLP_sigmoid([q, k, q - k, q * k])
//              . w + b) / sqrt(d), not softmaxed (RecBole's softmax_stag = False); the pooled
//              history u = sum of a k (an empty history pools to 0);
//   logit:     the DNN (Linear, BatchNorm1d, Dice per layer) on [u, q, u * q], then a Linear to 1.
// Training normalises by the batch's statistics, evaluation by the running ones; so a score in
// evaluation depends on its pair alone. Templated: float trains, double checks the gradient
// (tests/din_network_test.cpp).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "host/baselines/batch_norm.h"
#include "host/baselines/din_model.h"

namespace cinerec {

struct DinSample {
  std::span<const uint32_t> history;  // the movies attended over, at most max_history
  uint32_t movie;
};

enum class DinMode { kTrain, kEval };

// The forward's values, which the backward reads.
template <class T>
struct DinActivations {
  std::vector<size_t> first;                   // [samples + 1]: each sample's attention rows
  std::vector<T> unit_in;                      // [rows, 4d]: [q, k, q - k, q * k]
  std::vector<std::vector<T>> unit;            // per attention layer: [rows, its width]
  std::vector<T> pooled;                       // [samples, d]
  std::vector<T> dnn_in;                       // [samples, 3d]
  std::vector<std::vector<T>> linear, normed;  // per DNN layer: Linear's and BatchNorm's output
  std::vector<std::vector<T>> activated;       // per DNN layer: Dice's output
  std::vector<BatchNormBatch<T>> batches;      // per DNN layer (training only)
  std::vector<T> logit;                        // [samples]
};

template <class T>
void din_forward(const DinModel& model, const T* params, std::span<const DinSample> samples,
                 DinMode mode, DinActivations<T>& out);

// Adds the gradient of sum_s dlogit[s] * logit[s] to `grads` (the layout's size), through a
// training forward.
template <class T>
void din_backward(const DinModel& model, const T* params, std::span<const DinSample> samples,
                  const DinActivations<T>& act, std::span<const T> dlogit, T* grads);

// Moves the running statistics in `params` towards a training forward's batch statistics.
template <class T>
void din_update_running(const DinModel& model, const DinActivations<T>& act, T* params);

// The mean binary cross-entropy of sigmoid(logit) against `label` (torch's BCEWithLogitsLoss);
// writes its gradient to dlogit.
template <class T>
T bce_with_logits(std::span<const T> logit, std::span<const T> label, std::span<T> dlogit);

}  // namespace cinerec
