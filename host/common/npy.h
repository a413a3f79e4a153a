// NumPy's .npy format (version 1.0), so exported matrices load with numpy.load: a magic string, a
// header dict naming dtype and shape, padded so the little-endian C-order data starts on a 64-byte
// boundary.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "host/common/atomic_file.h"

namespace cinerec {

// The .npy dtype of T: float ("<f4"), int64_t ("<i8") or uint32_t ("<u4").
template <class T>
const char* npy_descr();
template <>
inline const char* npy_descr<float>() {
  return "<f4";
}
template <>
inline const char* npy_descr<int64_t>() {
  return "<i8";
}
template <>
inline const char* npy_descr<uint32_t>() {
  return "<u4";
}

// The bytes before the data of an array with dtype `descr` (e.g. "<f4") and `shape`.
std::string npy_header(const std::string& descr, const std::vector<size_t>& shape);

// Writes `values` as an array of `shape` (their product must be values.size()), atomically, as a
// file inside a directory cinerec owns (OutputPolicy::replace()).
template <class T>
void write_npy(const std::filesystem::path& path, std::span<const T> values,
               const std::vector<size_t>& shape);

// An array of known shape written a piece at a time in C order, so it never sits in memory
// whole; nothing appears at the path until commit(), which refuses an array short of its shape.
// Like write_npy, for a file inside a directory cinerec owns.
template <class T>
class NpyWriter {
 public:
  NpyWriter(const std::filesystem::path& path, const std::vector<size_t>& shape);
  void append(std::span<const T> values);
  void commit();

 private:
  AtomicFile file_;
  size_t size_, written_ = 0;
};

}  // namespace cinerec
