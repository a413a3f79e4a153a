#include "host/model/param_layout.h"

#include <stdexcept>

#include "host/common/checked_math.h"

namespace cinerec {

// The shapes come from the config and the dataset: a size that wrapped around would make the
// buffer far smaller than its use, so each is checked (SizeOverflow naming the parameter).
TensorRef ParamLayout::add(std::string name, std::vector<size_t> shape, ParamKind kind,
                           ParamInit init) {
  const std::string what = "parameter " + name;
  const size_t size = checked_product(shape, what);
  const size_t padded = checked_add(size, kAlign - 1, what) / kAlign * kAlign;
  entries_.push_back({std::move(name), std::move(shape), total_, size, kind, init});
  total_ = checked_add(total_, padded, "the parameter buffer");
  return entries_.back().ref();
}

TensorRef ParamLayout::add_normal(std::string name, std::vector<size_t> shape, ParamKind kind,
                                  double mean, double std) {
  add(std::move(name), std::move(shape), kind, ParamInit::kNormal);
  entries_.back().init_mean = mean;
  entries_.back().init_std = std;
  return entries_.back().ref();
}

const ParamEntry& ParamLayout::at(std::string_view name) const {
  for (const auto& e : entries_) {
    if (e.name == name) return e;
  }
  throw std::out_of_range("model has no parameter " + std::string(name));
}

size_t ParamLayout::parameter_count() const {
  size_t n = 0;
  for (const auto& e : entries_)
    n += e.size;
  return n;
}

}  // namespace cinerec
