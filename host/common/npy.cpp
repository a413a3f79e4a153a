#include "host/common/npy.h"

#include <bit>
#include <cstring>
#include <stdexcept>

#include "host/common/checked_math.h"

namespace cinerec {
namespace {

static_assert(std::endian::native == std::endian::little, "npy files are written little-endian");

constexpr char kMagic[] = "\x93NUMPY\x01\x00";  // format version 1.0
constexpr size_t kMagicSize = sizeof kMagic - 1;
constexpr size_t kAlignment = 64;

// Python's tuple syntax: "()", "(3,)", "(3, 4)".
std::string shape_text(const std::vector<size_t>& shape) {
  std::string text = "(";
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + (shape.size() == 1 ? ",)" : ")");
}

}  // namespace

std::string npy_header(const std::string& type, const std::vector<size_t>& shape) {
  std::string dict =
      "{'descr': '" + type + "', 'fortran_order': False, 'shape': " + shape_text(shape) + ", }";
  const size_t unpadded = kMagicSize + 2 + dict.size() + 1;  // + length field + '\n'
  dict.append((kAlignment - unpadded % kAlignment) % kAlignment, ' ');
  dict += '\n';
  const auto length = static_cast<uint16_t>(dict.size());
  std::string header(kMagic, kMagicSize);
  header += static_cast<char>(length & 0xff);
  header += static_cast<char>(length >> 8);
  return header + dict;
}

template <class T>
void write_npy(const std::filesystem::path& path, std::span<const T> values,
               const std::vector<size_t>& shape) {
  NpyWriter<T> file(path, shape);
  file.append(values);
  file.commit();
}

template <class T>
NpyWriter<T>::NpyWriter(const std::filesystem::path& path, const std::vector<size_t>& shape)
    : file_(path, OutputPolicy::replace()), size_(checked_product(shape, path.string())) {
  const std::string header = npy_header(npy_descr<T>(), shape);
  file_.write(header.data(), header.size());
}

template <class T>
void NpyWriter<T>::append(std::span<const T> values) {
  if (written_ + values.size() > size_) {
    throw std::invalid_argument("npy: " + std::to_string(written_ + values.size()) +
                                " values for an array of " + std::to_string(size_));
  }
  file_.write(values.data(), values.size_bytes());
  written_ += values.size();
}

template <class T>
void NpyWriter<T>::commit() {
  if (written_ != size_) {
    throw std::invalid_argument("npy: " + std::to_string(written_) + " values for an array of " +
                                std::to_string(size_));
  }
  file_.commit();
}

template class NpyWriter<float>;
template class NpyWriter<int64_t>;
template class NpyWriter<uint32_t>;

template void write_npy<float>(const std::filesystem::path&, std::span<const float>,
                               const std::vector<size_t>&);
template void write_npy<int64_t>(const std::filesystem::path&, std::span<const int64_t>,
                                 const std::vector<size_t>&);
template void write_npy<uint32_t>(const std::filesystem::path&, std::span<const uint32_t>,
                                  const std::vector<size_t>&);

}  // namespace cinerec
