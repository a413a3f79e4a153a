// Named, typed, flat arrays: the storage behind a Dataset. Arrays are either owned (fresh from
// `prepare`) or memory-mapped from a dataset directory; readers see the same spans either way.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace cinerec {

enum class DType : uint8_t { kU8, kU32, kI32, kU64, kI64, kF32 };

const char* dtype_name(DType t);
DType dtype_from_name(std::string_view name);  // throws std::invalid_argument
size_t dtype_size(DType t);

template <class T>
constexpr DType dtype_of();
template <>
constexpr DType dtype_of<uint8_t>() {
  return DType::kU8;
}
template <>
constexpr DType dtype_of<uint32_t>() {
  return DType::kU32;
}
template <>
constexpr DType dtype_of<int32_t>() {
  return DType::kI32;
}
template <>
constexpr DType dtype_of<uint64_t>() {
  return DType::kU64;
}
template <>
constexpr DType dtype_of<int64_t>() {
  return DType::kI64;
}
template <>
constexpr DType dtype_of<float>() {
  return DType::kF32;
}

struct ArrayInfo {
  DType dtype = DType::kU8;
  std::vector<size_t> shape;  // row-major; the product is the element count
  std::span<const std::byte> bytes;
  std::shared_ptr<const void> keepalive;  // owns the memory `bytes` points into
};

class ArrayStore {
 public:
  // Adds an owned array; `shape` defaults to {data.size()}.
  template <class T>
  void put(const std::string& name, std::vector<T> data, std::vector<size_t> shape = {}) {
    if (shape.empty()) shape = {data.size()};
    auto owner = std::make_shared<const std::vector<T>>(std::move(data));
    std::span<const std::byte> bytes = std::as_bytes(std::span<const T>(*owner));
    put_raw(name, ArrayInfo{dtype_of<T>(), std::move(shape), bytes, std::move(owner)});
  }
  // Adds an array over memory someone else owns (kept alive by info.keepalive); checks that the
  // byte size matches dtype and shape.
  void put_raw(const std::string& name, ArrayInfo info);

  // Throws std::runtime_error when missing or of another dtype.
  template <class T>
  std::span<const T> get(std::string_view name) const {
    const ArrayInfo& info = find(name, dtype_of<T>());
    return {reinterpret_cast<const T*>(info.bytes.data()), info.bytes.size() / sizeof(T)};
  }
  const ArrayInfo& find(std::string_view name, DType expected) const;
  bool contains(std::string_view name) const { return arrays_.find(name) != arrays_.end(); }
  const std::map<std::string, ArrayInfo, std::less<>>& arrays() const { return arrays_; }

 private:
  std::map<std::string, ArrayInfo, std::less<>> arrays_;
};

// The bytes an array of `dtype` and `shape` takes; SizeOverflow, naming `what`, when that does
// not fit in size_t (a shape read from a file can be anything).
size_t array_bytes(DType dtype, const std::vector<size_t>& shape, std::string_view what);

}  // namespace cinerec
