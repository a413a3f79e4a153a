#include "host/baselines/din_network.h"

#include <cmath>
#include <stdexcept>

#include "host/baselines/dice.h"
#include "host/common/softplus.h"
#include "host/cpu/dense.h"

namespace cinerec {
namespace {

template <class T>
cpu::Dense<T> dense(const DinLayer& l, const T* params, cpu::Activation act) {
  return {l.in, l.out, l.weight.in(params), l.bias.in(params), act};
}

cpu::Activation unit_activation(const DinModel& m, size_t layer) {
  return layer + 1 < m.attention.size() ? cpu::Activation::kSigmoid : cpu::Activation::kNone;
}

template <class T>
BatchNormAffine<T> affine(const DinNorm& n, const T* params) {
  return {n.gamma.in(params), n.beta.in(params)};
}

template <class T>
const T* embedding(const DinModel& m, const T* params, uint32_t movie) {
  return m.item_embedding.in(params) + size_t{movie} * m.dim;
}

// unit_in's rows and the attention unit's layers.
template <class T>
void attention_forward(const DinModel& m, const T* params, std::span<const DinSample> samples,
                       DinActivations<T>& a) {
  const size_t d = m.dim;
  a.first.assign(1, 0);
  for (const DinSample& s : samples)
    a.first.push_back(a.first.back() + s.history.size());
  const size_t rows = a.first.back();
  a.unit_in.resize(rows * 4 * d);
  for (size_t s = 0; s < samples.size(); ++s) {
    const T* q = embedding(m, params, samples[s].movie);
    for (size_t j = 0; j < samples[s].history.size(); ++j) {
      const T* k = embedding(m, params, samples[s].history[j]);
      T* row = a.unit_in.data() + (a.first[s] + j) * 4 * d;
      for (size_t c = 0; c < d; ++c) {
        row[c] = q[c];
        row[d + c] = k[c];
        row[2 * d + c] = q[c] - k[c];
        row[3 * d + c] = q[c] * k[c];
      }
    }
  }
  a.unit.resize(m.attention.size());
  const T* in = a.unit_in.data();
  for (size_t l = 0; l < m.attention.size(); ++l) {
    const DinLayer& layer = m.attention[l];
    a.unit[l].resize(rows * layer.out);
    cpu::dense_forward(dense(layer, params, unit_activation(m, l)), rows, in, layer.in,
                       a.unit[l].data(), layer.out);
    in = a.unit[l].data();
  }
}

// pooled and dnn_in from the attention weights.
template <class T>
void pool(const DinModel& m, const T* params, std::span<const DinSample> samples,
          DinActivations<T>& a) {
  const size_t d = m.dim;
  const T scale = T(1) / std::sqrt(static_cast<T>(d));
  a.pooled.assign(samples.size() * d, T(0));
  a.dnn_in.resize(samples.size() * 3 * d);
  for (size_t s = 0; s < samples.size(); ++s) {
    T* u = a.pooled.data() + s * d;
    for (size_t j = 0; j < samples[s].history.size(); ++j) {
      const T w = a.unit.back()[a.first[s] + j] * scale;
      const T* k = embedding(m, params, samples[s].history[j]);
      for (size_t c = 0; c < d; ++c)
        u[c] += w * k[c];
    }
    const T* q = embedding(m, params, samples[s].movie);
    T* row = a.dnn_in.data() + s * 3 * d;
    for (size_t c = 0; c < d; ++c) {
      row[c] = u[c];
      row[d + c] = q[c];
      row[2 * d + c] = u[c] * q[c];
    }
  }
}

template <class T>
void dnn_forward(const DinModel& m, const T* params, size_t n, DinMode mode, DinActivations<T>& a) {
  const size_t layers = m.dnn.size();
  a.linear.resize(layers);
  a.normed.resize(layers);
  a.activated.resize(layers);
  a.batches.resize(mode == DinMode::kTrain ? layers : 0);
  const T* in = a.dnn_in.data();
  for (size_t l = 0; l < layers; ++l) {
    const DinLayer& layer = m.dnn[l];
    const size_t w = layer.out;
    a.linear[l].resize(n * w);
    a.normed[l].resize(n * w);
    a.activated[l].resize(n * w);
    cpu::dense_forward(dense(layer, params, cpu::Activation::kNone), n, in, layer.in,
                       a.linear[l].data(), w);
    const DinNorm& norm = m.norm[l];
    if (mode == DinMode::kTrain) {
      batch_norm_train(n, w, a.linear[l].data(), affine(norm, params), a.batches[l],
                       a.normed[l].data());
    } else {
      batch_norm_eval(n, w, a.linear[l].data(), affine(norm, params), norm.running_mean.in(params),
                      norm.running_var.in(params), a.normed[l].data());
    }
    for (size_t i = 0; i < n * w; ++i)
      a.activated[l][i] = dice(a.normed[l][i]);
    in = a.activated[l].data();
  }
  a.logit.resize(n);
  cpu::dense_forward(dense(m.predict, params, cpu::Activation::kNone), n, in, m.predict.in,
                     a.logit.data(), 1);
}

// dL/d dnn_in from dL/d logit, adding the DNN's parameter gradients.
template <class T>
std::vector<T> dnn_backward(const DinModel& m, const T* params, const DinActivations<T>& a,
                            std::span<const T> dlogit, T* grads) {
  const size_t n = dlogit.size();
  std::vector<T> g(dlogit.begin(), dlogit.end());
  std::vector<T> below(n * m.predict.in);
  cpu::dense_backward(dense(m.predict, params, cpu::Activation::kNone), n,
                      a.activated.back().data(), m.predict.in, a.logit.data(), 1, g.data(), 1,
                      m.predict.weight.in(grads), m.predict.bias.in(grads), below.data(),
                      m.predict.in);
  for (size_t l = m.dnn.size(); l-- > 0;) {
    const DinLayer& layer = m.dnn[l];
    const DinNorm& norm = m.norm[l];
    for (size_t i = 0; i < below.size(); ++i)
      below[i] *= dice_derivative(a.normed[l][i]);
    std::vector<T> dlinear(below.size());
    batch_norm_backward(n, layer.out, a.batches[l], affine(norm, params), below.data(),
                        dlinear.data(), norm.gamma.in(grads), norm.beta.in(grads));
    const T* in = l == 0 ? a.dnn_in.data() : a.activated[l - 1].data();
    below.assign(n * layer.in, T(0));
    cpu::dense_backward(dense(layer, params, cpu::Activation::kNone), n, in, layer.in,
                        a.linear[l].data(), layer.out, dlinear.data(), layer.out,
                        layer.weight.in(grads), layer.bias.in(grads), below.data(), layer.in);
  }
  return below;
}

// dL/d unit_in from dL/d (each row's attention weight before the 1/sqrt(d)), adding the
// attention unit's parameter gradients.
template <class T>
std::vector<T> attention_backward(const DinModel& m, const T* params, const DinActivations<T>& a,
                                  std::vector<T> g, T* grads) {
  const size_t rows = a.first.back();
  std::vector<T> below;
  for (size_t l = m.attention.size(); l-- > 0;) {
    const DinLayer& layer = m.attention[l];
    const T* in = l == 0 ? a.unit_in.data() : a.unit[l - 1].data();
    below.assign(rows * layer.in, T(0));
    cpu::dense_backward(dense(layer, params, unit_activation(m, l)), rows, in, layer.in,
                        a.unit[l].data(), layer.out, g.data(), layer.out, layer.weight.in(grads),
                        layer.bias.in(grads), below.data(), layer.in);
    g.swap(below);
  }
  return g;
}

}  // namespace

template <class T>
void din_forward(const DinModel& m, const T* params, std::span<const DinSample> samples,
                 DinMode mode, DinActivations<T>& out) {
  attention_forward(m, params, samples, out);
  pool(m, params, samples, out);
  dnn_forward(m, params, samples.size(), mode, out);
}

template <class T>
void din_backward(const DinModel& m, const T* params, std::span<const DinSample> samples,
                  const DinActivations<T>& a, std::span<const T> dlogit, T* grads) {
  if (a.batches.size() != m.dnn.size())
    throw std::logic_error("din_backward after an eval forward");
  const size_t d = m.dim;
  const T scale = T(1) / std::sqrt(static_cast<T>(d));
  const std::vector<T> g_in = dnn_backward(m, params, a, dlogit, grads);
  std::vector<T> dq(samples.size() * d, T(0)), du(samples.size() * d);
  for (size_t s = 0; s < samples.size(); ++s) {
    const T* row = g_in.data() + s * 3 * d;
    const T* q = embedding(m, params, samples[s].movie);
    for (size_t c = 0; c < d; ++c) {
      du[s * d + c] = row[c] + row[2 * d + c] * q[c];
      dq[s * d + c] = row[d + c] + row[2 * d + c] * a.pooled[s * d + c];
    }
  }
  // u = sum of w k: dL/dw = du . k, dL/dk += w du.
  const size_t rows = a.first.back();
  std::vector<T> g_weight(rows), dk(rows * d);
  for (size_t s = 0; s < samples.size(); ++s) {
    for (size_t j = 0; j < samples[s].history.size(); ++j) {
      const size_t r = a.first[s] + j;
      const T* k = embedding(m, params, samples[s].history[j]);
      const T w = a.unit.back()[r] * scale;
      T dot = T(0);
      for (size_t c = 0; c < d; ++c) {
        dot += du[s * d + c] * k[c];
        dk[r * d + c] = w * du[s * d + c];
      }
      g_weight[r] = dot * scale;
    }
  }
  const std::vector<T> g_unit = attention_backward(m, params, a, std::move(g_weight), grads);
  T* ge = m.item_embedding.in(grads);
  for (size_t s = 0; s < samples.size(); ++s) {
    const T* q = embedding(m, params, samples[s].movie);
    T* gq = dq.data() + s * d;
    for (size_t j = 0; j < samples[s].history.size(); ++j) {
      const size_t r = a.first[s] + j;
      const T* k = embedding(m, params, samples[s].history[j]);
      const T* x = g_unit.data() + r * 4 * d;  // d[q, k, q - k, q * k]
      T* gk = ge + size_t{samples[s].history[j]} * d;
      for (size_t c = 0; c < d; ++c) {
        gq[c] += x[c] + x[2 * d + c] + x[3 * d + c] * k[c];
        gk[c] += dk[r * d + c] + x[d + c] - x[2 * d + c] + x[3 * d + c] * q[c];
      }
    }
    T* gm = ge + size_t{samples[s].movie} * d;
    for (size_t c = 0; c < d; ++c)
      gm[c] += gq[c];
  }
}

template <class T>
void din_update_running(const DinModel& m, const DinActivations<T>& a, T* params) {
  const size_t n = a.logit.size();
  for (size_t l = 0; l < m.norm.size(); ++l) {
    batch_norm_update_running(n, a.batches[l], m.norm[l].running_mean.in(params),
                              m.norm[l].running_var.in(params));
  }
}

template <class T>
T bce_with_logits(std::span<const T> logit, std::span<const T> label, std::span<T> dlogit) {
  const T scale = T(1) / static_cast<T>(logit.size());
  T loss = T(0);
  for (size_t i = 0; i < logit.size(); ++i) {
    const T x = logit[i], y = label[i];
    // -[y log sigmoid(x) + (1 - y) log(1 - sigmoid(x))] = softplus(x) - y x.
    loss += softplus(x) - y * x;
    dlogit[i] = (T(1) / (T(1) + std::exp(-x)) - y) * scale;
  }
  return loss * scale;
}

#define CINEREC_DIN_NETWORK(T)                                                                 \
  template void din_forward<T>(const DinModel&, const T*, std::span<const DinSample>, DinMode, \
                               DinActivations<T>&);                                            \
  template void din_backward<T>(const DinModel&, const T*, std::span<const DinSample>,         \
                                const DinActivations<T>&, std::span<const T>, T*);             \
  template void din_update_running<T>(const DinModel&, const DinActivations<T>&, T*);          \
  template T bce_with_logits<T>(std::span<const T>, std::span<const T>, std::span<T>);
CINEREC_DIN_NETWORK(float)
CINEREC_DIN_NETWORK(double)
#undef CINEREC_DIN_NETWORK

}  // namespace cinerec
