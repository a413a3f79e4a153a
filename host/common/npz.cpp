#include "host/common/npz.h"

#include <zlib.h>

#include <limits>
#include <stdexcept>

#include "host/common/checked_math.h"
#include "host/common/little_endian.h"

namespace cinerec {
namespace {

// ZIP (PKWARE APPNOTE 6.3) field values.
constexpr uint32_t kLocalHeader = 0x04034b50;
constexpr uint32_t kCentralHeader = 0x02014b50;
constexpr uint32_t kZip64End = 0x06064b50;
constexpr uint32_t kZip64Locator = 0x07064b50;
constexpr uint32_t kEnd = 0x06054b50;
constexpr uint16_t kZip64Version = 45;
constexpr uint16_t kZip64Extra = 0x0001;
constexpr uint16_t kDosDate1980 = (1 << 5) | 1;  // 1980-01-01
constexpr uint32_t kUseZip64 = 0xFFFFFFFF;
constexpr size_t kCrcOffset = 14;  // in the local header

std::string entry_name(const NpzWriter::Member& m) {
  return m.name + ".npy";
}

// The fields local and central headers share, from "version needed" to the name length.
void append_common(std::string& out, uint32_t crc, const std::string& name) {
  append_le<uint16_t>(out, kZip64Version);
  append_le<uint16_t>(out, 0);  // flags
  append_le<uint16_t>(out, 0);  // stored, not compressed
  append_le<uint16_t>(out, 0);  // time 00:00
  append_le<uint16_t>(out, kDosDate1980);
  append_le<uint32_t>(out, crc);
  append_le<uint32_t>(out, kUseZip64);  // compressed size: in the ZIP64 extra field
  append_le<uint32_t>(out, kUseZip64);  // uncompressed size: likewise
  append_le<uint16_t>(out, static_cast<uint16_t>(name.size()));
}

std::string local_header(const std::string& name, uint64_t size) {
  std::string out;
  append_le<uint32_t>(out, kLocalHeader);
  append_common(out, 0, name);
  append_le<uint16_t>(out, 20);  // extra field length
  out += name;
  append_le<uint16_t>(out, kZip64Extra);
  append_le<uint16_t>(out, 16);
  append_le<uint64_t>(out, size);
  append_le<uint64_t>(out, size);
  return out;
}

std::string central_header(const std::string& name, uint64_t size, uint32_t crc,
                           uint64_t header_offset) {
  std::string out;
  append_le<uint32_t>(out, kCentralHeader);
  append_le<uint16_t>(out, kZip64Version);  // made by
  append_common(out, crc, name);
  append_le<uint16_t>(out, 28);  // extra field length
  append_le<uint16_t>(out, 0);   // comment length
  append_le<uint16_t>(out, 0);   // disk number
  append_le<uint16_t>(out, 0);   // internal attributes
  append_le<uint32_t>(out, 0);   // external attributes
  append_le<uint32_t>(out, kUseZip64);
  out += name;
  append_le<uint16_t>(out, kZip64Extra);
  append_le<uint16_t>(out, 24);
  append_le<uint64_t>(out, size);
  append_le<uint64_t>(out, size);
  append_le<uint64_t>(out, header_offset);
  return out;
}

std::string end_records(uint64_t entries, uint64_t directory_offset, uint64_t directory_size) {
  std::string out;
  append_le<uint32_t>(out, kZip64End);
  append_le<uint64_t>(out, 44);  // size of the rest of this record
  append_le<uint16_t>(out, kZip64Version);
  append_le<uint16_t>(out, kZip64Version);
  append_le<uint32_t>(out, 0);  // this disk
  append_le<uint32_t>(out, 0);  // the directory's disk
  append_le<uint64_t>(out, entries);
  append_le<uint64_t>(out, entries);
  append_le<uint64_t>(out, directory_size);
  append_le<uint64_t>(out, directory_offset);
  append_le<uint32_t>(out, kZip64Locator);
  append_le<uint32_t>(out, 0);
  append_le<uint64_t>(out, directory_offset + directory_size);  // the ZIP64 end record
  append_le<uint32_t>(out, 1);                                  // disks
  append_le<uint32_t>(out, kEnd);
  append_le<uint16_t>(out, 0);
  append_le<uint16_t>(out, 0);
  append_le<uint16_t>(out, 0xFFFF);  // entry counts and offsets: in the ZIP64 record
  append_le<uint16_t>(out, 0xFFFF);
  append_le<uint32_t>(out, kUseZip64);
  append_le<uint32_t>(out, kUseZip64);
  append_le<uint16_t>(out, 0);  // comment length
  return out;
}

uint32_t crc_update(uint32_t crc, const void* bytes, size_t size) {
  const auto* p = static_cast<const Bytef*>(bytes);
  uLong c = crc;
  while (size > 0) {
    const auto n = static_cast<uInt>(std::min<size_t>(size, std::numeric_limits<uInt>::max()));
    c = crc32(c, p, n);
    p += n;
    size -= n;
  }
  return static_cast<uint32_t>(c);
}

}  // namespace

NpzWriter::NpzWriter(const std::filesystem::path& path, std::vector<Member> members,
                     const OutputPolicy& policy)
    : file_(path, policy) {
  uint64_t offset = 0;
  for (Member& m : members) {
    const std::string npy = npy_header(m.descr, m.shape);
    const size_t bytes = checked_mul(checked_product(m.shape, "npz member " + m.name), m.item_size,
                                     "npz member " + m.name);
    Slot slot{std::move(m)};
    slot.size = checked_add(npy.size(), bytes, "npz member " + slot.member.name);
    // The sizes are known now; only the CRC waits for the data (commit writes it).
    const std::string header = local_header(entry_name(slot.member), slot.size);
    slot.header_offset = offset;
    slot.data_offset = offset + header.size();
    offset = checked_add(slot.data_offset, slot.size, "npz archive");
    file_.write_at(slot.header_offset, header.data(), header.size());
    write_member_bytes(slot, npy.data(), npy.size());
    slots_.push_back(std::move(slot));
  }
  end_ = offset;
}

void NpzWriter::write_member_bytes(Slot& slot, const void* bytes, size_t size) {
  if (slot.written + size > slot.size) {
    throw std::invalid_argument("npz: more values than the shape of member " + slot.member.name +
                                " holds");
  }
  file_.write_at(slot.data_offset + slot.written, bytes, size);
  slot.crc = crc_update(slot.crc, bytes, size);
  slot.written += size;
}

void NpzWriter::append_bytes(size_t index, const std::string& descr,
                             std::span<const std::byte> bytes) {
  Slot& slot = slots_.at(index);
  if (descr != slot.member.descr) {
    throw std::invalid_argument("npz: " + descr + " values for member " + slot.member.name +
                                " of " + slot.member.descr);
  }
  write_member_bytes(slot, bytes.data(), bytes.size());
}

void NpzWriter::append_raw(size_t index, std::span<const std::byte> bytes) {
  write_member_bytes(slots_.at(index), bytes.data(), bytes.size());
}

void NpzWriter::commit() {
  std::string directory;
  for (const Slot& slot : slots_) {
    if (slot.written != slot.size) {
      throw std::invalid_argument("npz: member " + slot.member.name + " is short of its shape");
    }
    std::string crc;
    append_le<uint32_t>(crc, slot.crc);
    file_.write_at(slot.header_offset + kCrcOffset, crc.data(), crc.size());
    directory += central_header(entry_name(slot.member), slot.size, slot.crc, slot.header_offset);
  }
  const std::string tail = directory + end_records(slots_.size(), end_, directory.size());
  file_.write_at(end_, tail.data(), tail.size());
  file_.commit();
}

}  // namespace cinerec
