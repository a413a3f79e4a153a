#include "host/common/mapped_file.h"

#include <sys/mman.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "host/common/input_error.h"
#include "host/common/regular_file.h"

namespace cinerec {

MappedFile::MappedFile(const std::filesystem::path& path) {
  // Only a regular file has a size to map: /dev/zero reports 0 and a FIFO would block the open.
  const UniqueFd fd = open_regular_file(path);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) {
    throw InputError({path.string()}, std::string("cannot stat: ") + std::strerror(errno));
  }
  size_ = static_cast<size_t>(st.st_size);
  if (size_ > 0) {
    void* p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd.get(), 0);
    if (p == MAP_FAILED) {
      throw InputError({path.string()}, std::string("cannot map: ") + std::strerror(errno));
    }
    data_ = static_cast<const std::byte*>(p);
  }
}

MappedFile::MappedFile(MappedFile&& other) noexcept : data_(other.data_), size_(other.size_) {
  other.data_ = nullptr;
  other.size_ = 0;
}

MappedFile::~MappedFile() {
  if (data_ != nullptr) ::munmap(const_cast<std::byte*>(data_), size_);
}

}  // namespace cinerec
