#include "host/data/dataset/string_column.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace cinerec {

void put_strings(ArrayStore& store, const std::string& name,
                 const std::vector<std::string>& values) {
  std::vector<uint64_t> offsets(values.size() + 1, 0);
  for (size_t i = 0; i < values.size(); ++i)
    offsets[i + 1] = offsets[i] + values[i].size();
  std::vector<uint8_t> bytes;
  bytes.reserve(offsets.back());
  for (const auto& v : values)
    bytes.insert(bytes.end(), v.begin(), v.end());
  std::vector<uint32_t> sorted(values.size());
  std::iota(sorted.begin(), sorted.end(), 0u);
  std::sort(sorted.begin(), sorted.end(),
            [&](uint32_t a, uint32_t b) { return values[a] < values[b]; });
  store.put(name + ".offsets", std::move(offsets));
  store.put(name + ".bytes", std::move(bytes));
  store.put(name + ".sorted", std::move(sorted));
}

StringColumn::StringColumn(const ArrayStore& store, const std::string& name)
    : offsets_(store.get<uint64_t>(name + ".offsets")),
      sorted_(store.get<uint32_t>(name + ".sorted")) {
  const auto raw = store.get<uint8_t>(name + ".bytes");
  bytes_ = {reinterpret_cast<const char*>(raw.data()), raw.size()};
  const auto bad = [&](const char* what) {
    return std::runtime_error("string table " + name + " is inconsistent: " + what);
  };
  if (offsets_.size() != sorted_.size() + 1) throw bad("offsets and sorted sizes differ");
  if (offsets_.front() != 0 || offsets_.back() != bytes_.size()) throw bad("offsets out of range");
  if (!std::is_sorted(offsets_.begin(), offsets_.end())) throw bad("offsets not monotone");
  for (size_t i = 0; i < sorted_.size(); ++i) {
    if (sorted_[i] >= size()) throw bad("sorted index out of range");
    if (i > 0 && !((*this)[sorted_[i - 1]] < (*this)[sorted_[i]])) throw bad("sorted not in order");
  }
}

std::optional<uint32_t> StringColumn::find(std::string_view value) const {
  auto it = std::lower_bound(sorted_.begin(), sorted_.end(), value,
                             [&](uint32_t i, std::string_view v) { return (*this)[i] < v; });
  if (it == sorted_.end() || (*this)[*it] != value) return std::nullopt;
  return *it;
}

}  // namespace cinerec
