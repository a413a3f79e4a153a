// A vocabulary of strings stored as flat arrays (NAME.offsets, NAME.bytes, NAME.sorted), so it
// memory-maps like any other array and maps both ways: index -> string, string -> index (binary
// search over NAME.sorted, the indices in byte order of their strings).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "host/data/dataset/array_store.h"

namespace cinerec {

void put_strings(ArrayStore& store, const std::string& name,
                 const std::vector<std::string>& values);

class StringColumn {
 public:
  StringColumn() = default;
  // Reads and validates NAME.* from `store` (offsets monotone, sorted a permutation in order).
  StringColumn(const ArrayStore& store, const std::string& name);

  size_t size() const { return sorted_.size(); }
  std::string_view operator[](size_t i) const {
    return {bytes_.data() + offsets_[i], static_cast<size_t>(offsets_[i + 1] - offsets_[i])};
  }
  std::optional<uint32_t> find(std::string_view value) const;

 private:
  std::span<const uint64_t> offsets_;
  std::span<const char> bytes_;
  std::span<const uint32_t> sorted_;
};

}  // namespace cinerec
