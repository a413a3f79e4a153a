// NumPy's .npz archive: an uncompressed zip of .npy members that numpy.load opens as a mapping
// of arrays (`np.load(path)["ids"]`). Every member's shape is fixed up front, so each has its
// place in the file and the members can be filled a piece at a time in any interleaving. The
// archive is one file renamed into place on commit(), so its arrays always belong together.
// Always ZIP64, so no size limit; entries are dated 1980-01-01, so equal arrays give equal bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "host/common/atomic_file.h"
#include "host/common/npy.h"

namespace cinerec {

class NpzWriter {
 public:
  struct Member {
    std::string name;  // the key in numpy.load's mapping; stored as NAME.npy
    std::string descr;
    std::vector<size_t> shape;
    size_t item_size = 0;

    template <class T>
    static Member of(std::string name, std::vector<size_t> shape) {
      return {std::move(name), npy_descr<T>(), std::move(shape), sizeof(T)};
    }
  };

  NpzWriter(const std::filesystem::path& path, std::vector<Member> members,
            const OutputPolicy& policy);

  // Appends values to member `index`, whose descr must be T's.
  template <class T>
  void append(size_t index, std::span<const T> values) {
    append_bytes(index, npy_descr<T>(), std::as_bytes(values));
  }
  // Appends bytes already in member `index`'s dtype (a value may straddle two calls).
  void append_raw(size_t index, std::span<const std::byte> bytes);
  // Refuses an archive with a member short of its shape.
  void commit();

 private:
  struct Slot {
    Member member;
    uint64_t header_offset = 0;  // of the zip local header
    uint64_t data_offset = 0;    // of the member's bytes (its .npy file)
    uint64_t size = 0;           // of the member's bytes
    uint64_t written = 0;
    uint32_t crc = 0;
  };
  void append_bytes(size_t index, const std::string& descr, std::span<const std::byte> bytes);
  void write_member_bytes(Slot& slot, const void* bytes, size_t size);

  AtomicFile file_;
  std::vector<Slot> slots_;
  uint64_t end_ = 0;  // where the zip directory goes
};

}  // namespace cinerec
