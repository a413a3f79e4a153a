// All parameters of a model in one contiguous buffer. One buffer makes Adam one loop, a
// checkpoint one write and a multi-GPU all-reduce one call; gradients and optimiser moments use
// the same layout. ModelWiring fills it, naming each tensor once; code that runs per step holds
// TensorRefs (offsets), never names.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cinerec {

enum class ParamKind {
  kEmbedding,  // a lookup table: rows are touched only when their id is in the batch
  kWeight,     // a dense weight matrix or conv filter
  kBias,
};

// How a tensor starts (docs/model.md "Initialisation").
enum class ParamInit {
  kUniformUnit,      // U(-1, 1): embeddings
  kGlorotUniform,    // U(±sqrt(6 / (shape[0] + shape[1]))): dense weights
  kTruncatedNormal,  // N(0, 0.1) redrawn outside ±2σ: title filters
  kTenth,            // 0.1: title filter biases
  kZero,             // dense biases, bias terms
  kGlobalMean,       // the training-set mean rating: global_bias
  kNormal,           // N(init_mean, init_std) of the entry: the baselines' factors
};

// Where a tensor sits in the flat buffer.
struct TensorRef {
  size_t offset = 0;  // in elements, aligned to ParamLayout::kAlign
  size_t size = 0;

  template <class T>
  T* in(T* buffer) const {
    return buffer + offset;
  }
  template <class T>
  std::span<T> in(std::span<T> buffer) const {
    return buffer.subspan(offset, size);
  }
};

struct ParamEntry {
  std::string name;
  std::vector<size_t> shape;
  size_t offset = 0;  // in elements, aligned to kAlign
  size_t size = 0;
  ParamKind kind = ParamKind::kWeight;
  ParamInit init = ParamInit::kZero;
  double init_mean = 0.0, init_std = 0.0;  // kNormal

  TensorRef ref() const { return {offset, size}; }
};

class ParamLayout {
 public:
  static constexpr size_t kAlign = 16;  // 64-byte alignment of every tensor

  // Appends a tensor; its size is overflow-checked (SizeOverflow naming it).
  TensorRef add(std::string name, std::vector<size_t> shape, ParamKind kind, ParamInit init);
  // A tensor that starts N(mean, std).
  TensorRef add_normal(std::string name, std::vector<size_t> shape, ParamKind kind, double mean,
                       double std);

  const std::vector<ParamEntry>& entries() const { return entries_; }
  // Throws naming the missing parameter. For tests and tools, not for per-step code.
  const ParamEntry& at(std::string_view name) const;
  size_t total() const { return total_; }  // elements, padding included
  size_t parameter_count() const;          // without padding

 private:
  std::vector<ParamEntry> entries_;
  size_t total_ = 0;
};

}  // namespace cinerec
