// A read-only memory mapping of a whole regular file (anything else is refused with an
// InputError naming the path); empty files map to an empty span.
#pragma once

#include <cstddef>
#include <filesystem>
#include <span>

namespace cinerec {

class MappedFile {
 public:
  explicit MappedFile(const std::filesystem::path& path);
  ~MappedFile();
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&&) = delete;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  std::span<const std::byte> bytes() const { return {data_, size_}; }

 private:
  const std::byte* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace cinerec
