#include "host/data/dataset/array_store.h"

#include <array>

#include "host/common/checked_math.h"
#include "host/common/input_error.h"

namespace cinerec {
namespace {

struct DTypeRow {
  DType type;
  const char* name;
  size_t size;
};
constexpr std::array<DTypeRow, 6> kDTypes{{{DType::kU8, "u8", 1},
                                           {DType::kU32, "u32", 4},
                                           {DType::kI32, "i32", 4},
                                           {DType::kU64, "u64", 8},
                                           {DType::kI64, "i64", 8},
                                           {DType::kF32, "f32", 4}}};

const DTypeRow& row(DType t) {
  return kDTypes[static_cast<size_t>(t)];
}

}  // namespace

const char* dtype_name(DType t) {
  return row(t).name;
}
size_t dtype_size(DType t) {
  return row(t).size;
}

DType dtype_from_name(std::string_view name) {
  for (const auto& r : kDTypes) {
    if (name == r.name) return r.type;
  }
  throw std::invalid_argument("unknown dtype " + quote_input(name));
}

size_t array_bytes(DType dtype, const std::vector<size_t>& shape, std::string_view what) {
  return checked_mul(checked_product(shape, what), dtype_size(dtype), what);
}

void ArrayStore::put_raw(const std::string& name, ArrayInfo info) {
  const size_t expected = array_bytes(info.dtype, info.shape, "array " + name);
  if (info.bytes.size() != expected) {
    throw std::runtime_error("array " + name + " holds " + std::to_string(info.bytes.size()) +
                             " bytes but its dtype and shape need " + std::to_string(expected));
  }
  arrays_.insert_or_assign(name, std::move(info));
}

const ArrayInfo& ArrayStore::find(std::string_view name, DType expected) const {
  auto it = arrays_.find(name);
  if (it == arrays_.end()) throw std::runtime_error("dataset has no array " + std::string(name));
  if (it->second.dtype != expected) {
    throw std::runtime_error("array " + std::string(name) + " is " + dtype_name(it->second.dtype) +
                             ", expected " + dtype_name(expected));
  }
  return it->second;
}

}  // namespace cinerec
