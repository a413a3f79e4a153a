// Fully connected layer with bias and activation: y = act(x W + b), W stored [in, out]; the
// forward row by row (host/cpu/row_gemm.h: a row's output is the same whatever its batch), the
// backward on BLAS.
// Inputs and outputs take row strides so towers can write straight into a concatenation.
#pragma once

#include <cstddef>

namespace cinerec::cpu {

enum class Activation { kNone, kRelu, kTanh, kSigmoid };  // kSigmoid: DIN's attention unit

template <class T>
struct Dense {
  size_t in = 0, out = 0;
  const T* weight = nullptr;  // [in, out]
  const T* bias = nullptr;    // [out]
  Activation act = Activation::kNone;
};

// y[batch, out] (row stride ldy) from x[batch, in] (row stride ldx).
template <class T>
void dense_forward(const Dense<T>& layer, size_t batch, const T* x, size_t ldx, T* y, size_t ldy);

// dy holds dL/dy on entry and is turned into dL/d(pre-activation) in place, using the forward
// output y. Accumulates dweight += x^T dz and dbias += sum dz; writes dx = dz W^T when dx is set.
template <class T>
void dense_backward(const Dense<T>& layer, size_t batch, const T* x, size_t ldx, const T* y,
                    size_t ldy, T* dy, size_t lddy, T* dweight, T* dbias, T* dx, size_t lddx);

}  // namespace cinerec::cpu
