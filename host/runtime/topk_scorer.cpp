#include "host/runtime/topk_scorer.h"

#include <stdexcept>

#include "host/runtime/backend_factory.h"
#if CINEREC_HAVE_CUDA
#include "cuda/cuda_backend.h"
#include "cuda/topk_search.h"
#endif

namespace cinerec {

TopKScorer make_topk_scorer(const std::string& device, bool tensor_cores) {
  if (device == "cpu" && !tensor_cores) {
    return [](std::span<const float> users, std::span<const float> movies, size_t dim,
              const UserItems* excluded,
              size_t k) { return cpu::top_k(users, movies, dim, excluded, k); };
  }
  if (device == "cpu") throw std::invalid_argument("tensor-core scoring needs a cuda device");
#if CINEREC_HAVE_CUDA
  const int ordinal = cuda::DeviceSelection(cuda_ordinal(device)).ordinal();  // checks it exists
  return [ordinal, tensor_cores](std::span<const float> users, std::span<const float> movies,
                                 size_t dim, const UserItems* excluded, size_t k) {
    // Selected per call: the current device is per thread, and other code may change it.
    const cuda::DeviceSelection on(ordinal);
    cuda::TopKSearch search({.tensor_cores = tensor_cores});
    search.upload(users, movies, dim, excluded);
    return search.search(k);
  };
#else
  throw std::invalid_argument("unknown or unavailable scoring device \"" + device +
                              "\" (this build scores on: cpu)");
#endif
}

}  // namespace cinerec
