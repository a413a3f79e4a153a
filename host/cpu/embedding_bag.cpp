#include "host/cpu/embedding_bag.h"

#include <algorithm>

namespace cinerec::cpu {

template <class T>
void embedding_forward(const T* table, size_t dim, std::span<const uint32_t> ids, T* out,
                       size_t ld_out) {
  for (size_t i = 0; i < ids.size(); ++i) {
    std::copy_n(table + size_t{ids[i]} * dim, dim, out + i * ld_out);
  }
}

template <class T>
void embedding_backward(std::span<const uint32_t> ids, size_t dim, const T* dout, size_t ld_dout,
                        T* dtable) {
  for (size_t i = 0; i < ids.size(); ++i) {
    T* row = dtable + size_t{ids[i]} * dim;
    const T* g = dout + i * ld_dout;
    for (size_t d = 0; d < dim; ++d)
      row[d] += g[d];
  }
}

template <class T>
void embedding_bag_forward(const T* table, size_t dim, std::span<const uint32_t> offsets,
                           std::span<const uint32_t> indices, T* out) {
  for (size_t i = 0; i + 1 < offsets.size(); ++i) {
    T* o = out + i * dim;
    std::fill_n(o, dim, T(0));
    for (uint32_t j = offsets[i]; j < offsets[i + 1]; ++j) {
      const T* row = table + size_t{indices[j]} * dim;
      for (size_t d = 0; d < dim; ++d)
        o[d] += row[d];
    }
  }
}

template <class T>
void embedding_bag_backward(std::span<const uint32_t> offsets, std::span<const uint32_t> indices,
                            size_t dim, const T* dout, T* dtable) {
  for (size_t i = 0; i + 1 < offsets.size(); ++i) {
    const T* g = dout + i * dim;
    for (uint32_t j = offsets[i]; j < offsets[i + 1]; ++j) {
      T* row = dtable + size_t{indices[j]} * dim;
      for (size_t d = 0; d < dim; ++d)
        row[d] += g[d];
    }
  }
}

#define CINEREC_INSTANTIATE(T)                                                                  \
  template void embedding_forward<T>(const T*, size_t, std::span<const uint32_t>, T*, size_t);  \
  template void embedding_backward<T>(std::span<const uint32_t>, size_t, const T*, size_t, T*); \
  template void embedding_bag_forward<T>(const T*, size_t, std::span<const uint32_t>,           \
                                         std::span<const uint32_t>, T*);                        \
  template void embedding_bag_backward<T>(std::span<const uint32_t>, std::span<const uint32_t>, \
                                          size_t, const T*, T*);
CINEREC_INSTANTIATE(float)
CINEREC_INSTANTIATE(double)
#undef CINEREC_INSTANTIATE

}  // namespace cinerec::cpu
