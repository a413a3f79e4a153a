// Embedding lookup and bag-sum (the CPU twins of kernels/embedding_bag.cu). Backward passes
// accumulate into the table gradient in batch order, so results are deterministic.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace cinerec::cpu {

// out[i, :] = table[ids[i], :]; out has row stride `ld_out`.
template <class T>
void embedding_forward(const T* table, size_t dim, std::span<const uint32_t> ids, T* out,
                       size_t ld_out);
// dtable[ids[i], :] += dout[i, :].
template <class T>
void embedding_backward(std::span<const uint32_t> ids, size_t dim, const T* dout, size_t ld_dout,
                        T* dtable);

// out[i, :] = sum of table[indices[j], :] for j in [offsets[i], offsets[i+1]); zero when empty.
template <class T>
void embedding_bag_forward(const T* table, size_t dim, std::span<const uint32_t> offsets,
                           std::span<const uint32_t> indices, T* out);
template <class T>
void embedding_bag_backward(std::span<const uint32_t> offsets, std::span<const uint32_t> indices,
                            size_t dim, const T* dout, T* dtable);

}  // namespace cinerec::cpu
