// Reads and writes the safetensors format (huggingface/safetensors): an 8-byte little-endian
// header length N, N bytes of JSON header (name -> dtype, shape, data_offsets, plus optional
// string "__metadata__"), then the packed tensor bytes. Loading treats the file as hostile.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "host/common/mapped_file.h"

namespace cinerec {

struct TensorView {
  std::string name;
  std::string dtype;  // safetensors name: "F32", "I64", "U8", ...
  std::vector<size_t> shape;
  std::span<const std::byte> bytes;
};

// The metadata key under which cinerec records a file's SHA-256: of its JSON header without this
// entry (as nlohmann::json dumps it, keys sorted), then of the tensor bytes. So a changed byte
// anywhere (a tensor, a shape, an offset, the metadata) is caught; SafetensorsFile verifies it
// whenever it is present.
inline constexpr const char* kSha256Key = "cinerec.sha256";

// Bytes per element of a safetensors dtype, or 0 when the dtype is unknown.
size_t safetensors_dtype_size(std::string_view dtype);

// Writes through a temporary file and a rename, so `path` is either the old file or the new one;
// the metadata gets the file's SHA-256 (kSha256Key), which is returned. Throws
// std::invalid_argument on an empty or duplicate name, an unknown dtype or a byte count that does
// not match the shape.
std::string write_safetensors(const std::filesystem::path& path,
                              const std::vector<TensorView>& tensors,
                              std::map<std::string, std::string> metadata);

// A memory-mapped safetensors file, fully validated on open (InputError naming the file),
// including its checksum when it carries one.
class SafetensorsFile {
 public:
  explicit SafetensorsFile(const std::filesystem::path& path);

  const std::filesystem::path& path() const { return path_; }
  const std::map<std::string, std::string>& metadata() const { return metadata_; }
  std::vector<std::string> names() const;  // sorted
  bool contains(std::string_view name) const;
  // The verified SHA-256 (kSha256Key), or "" when the file carries none.
  const std::string& sha256() const { return sha256_; }
  const TensorView& tensor(std::string_view name) const;

  // The tensor's elements, after checking its dtype and shape against what the caller expects.
  template <class T>
  std::span<const T> get(std::string_view name, std::string_view dtype,
                         const std::vector<size_t>& expected_shape) const {
    const TensorView& t = checked(name, dtype, expected_shape, sizeof(T), alignof(T));
    return {reinterpret_cast<const T*>(t.bytes.data()), t.bytes.size() / sizeof(T)};
  }

 private:
  const TensorView& checked(std::string_view name, std::string_view dtype,
                            const std::vector<size_t>& expected_shape, size_t element_size,
                            size_t alignment) const;

  std::filesystem::path path_;
  MappedFile file_;
  std::map<std::string, std::string> metadata_;
  std::string sha256_;
  std::map<std::string, TensorView, std::less<>> tensors_;
};

}  // namespace cinerec
