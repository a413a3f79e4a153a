// All parameters of a model in one contiguous buffer, addressed by name. One buffer makes Adam
// one loop, a checkpoint one write and a multi-GPU all-reduce one call; gradients and optimiser
// moments use the same layout.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "host/model/model_spec.h"

namespace cinerec {

enum class ParamKind {
  kEmbedding,  // a lookup table: rows are touched only when their id is in the batch
  kWeight,     // a dense weight matrix or conv filter
  kBias,
};

struct ParamEntry {
  std::string name;
  std::vector<size_t> shape;
  size_t offset = 0;  // in elements, aligned to kAlign
  size_t size = 0;
  ParamKind kind = ParamKind::kWeight;
};

class ParamLayout {
 public:
  static constexpr size_t kAlign = 16;  // 64-byte alignment of every tensor

  explicit ParamLayout(const ModelSpec& spec);

  const std::vector<ParamEntry>& entries() const { return entries_; }
  const ParamEntry& at(std::string_view name) const;  // throws naming the missing parameter
  size_t total() const { return total_; }             // elements, padding included
  size_t parameter_count() const;                     // without padding

  template <class T>
  std::span<T> view(std::span<T> buffer, std::string_view name) const {
    const ParamEntry& e = at(name);
    return buffer.subspan(e.offset, e.size);
  }

 private:
  void add(std::string name, std::vector<size_t> shape, ParamKind kind);
  std::vector<ParamEntry> entries_;
  size_t total_ = 0;
};

// "title_conv{w}.weight" for window w.
std::string title_conv_name(size_t window, const char* suffix);

}  // namespace cinerec
