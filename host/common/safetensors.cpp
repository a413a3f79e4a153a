#include "host/common/safetensors.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <set>
#include <stdexcept>

#include "host/common/atomic_file.h"
#include "host/common/input_error.h"
#include "host/common/little_endian.h"
#include "host/common/sha256.h"

namespace cinerec {
namespace fs = std::filesystem;
using json = nlohmann::json;
namespace {

constexpr std::string_view kMetadataKey = "__metadata__";
constexpr size_t kLengthBytes = 8;
// The data section starts at a multiple of this, so tensors stay aligned for the mapping.
constexpr size_t kHeaderAlignment = 8;

struct DtypeInfo {
  std::string_view name;
  size_t size;
};

constexpr std::array<DtypeInfo, 15> kDtypes{{{"BOOL", 1},
                                             {"U8", 1},
                                             {"I8", 1},
                                             {"F8_E5M2", 1},
                                             {"F8_E4M3", 1},
                                             {"I16", 2},
                                             {"U16", 2},
                                             {"F16", 2},
                                             {"BF16", 2},
                                             {"I32", 4},
                                             {"U32", 4},
                                             {"F32", 4},
                                             {"I64", 8},
                                             {"U64", 8},
                                             {"F64", 8}}};

std::string shape_text(const std::vector<size_t>& shape) {
  std::string out = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) out += ", ";
    out += std::to_string(shape[i]);
  }
  return out + "]";
}

std::string range_text(uint64_t begin, uint64_t end) {
  return "[" + std::to_string(begin) + ", " + std::to_string(end) + "]";
}

// product(shape) * element_size, or nullopt when it overflows size_t.
std::optional<size_t> byte_count(const std::vector<size_t>& shape, size_t element_size) {
  size_t total = element_size;
  for (size_t dim : shape) {
    if (__builtin_mul_overflow(total, dim, &total)) return std::nullopt;
  }
  return total;
}

uint64_t read_le64(std::span<const std::byte> bytes) {
  uint64_t value = 0;
  for (size_t i = 0; i < kLengthBytes; ++i) {
    value |= static_cast<uint64_t>(bytes[i]) << (8 * i);
  }
  return value;
}

// ---- writing ----

void check_writable(const fs::path& path, const std::vector<TensorView>& tensors) {
  std::set<std::string_view> seen;
  for (const TensorView& t : tensors) {
    const std::string where = path.string() + ": tensor \"" + t.name + "\": ";
    if (t.name.empty()) throw std::invalid_argument(path.string() + ": empty tensor name");
    if (t.name == kMetadataKey) throw std::invalid_argument(where + "name is reserved");
    if (!seen.insert(t.name).second) throw std::invalid_argument(where + "duplicate name");
    const size_t element_size = safetensors_dtype_size(t.dtype);
    if (element_size == 0) throw std::invalid_argument(where + "unknown dtype " + t.dtype);
    const std::optional<size_t> expected = byte_count(t.shape, element_size);
    if (expected != t.bytes.size()) {
      throw std::invalid_argument(where + "has " + std::to_string(t.bytes.size()) +
                                  " bytes, but shape " + shape_text(t.shape) + " of " + t.dtype +
                                  " needs " + (expected ? std::to_string(*expected) : "too many"));
    }
  }
}

// Widest elements first, so that every tensor starts at a multiple of its element size.
std::vector<const TensorView*> data_order(const std::vector<TensorView>& tensors) {
  std::vector<const TensorView*> order;
  for (const TensorView& t : tensors)
    order.push_back(&t);
  std::sort(order.begin(), order.end(), [](const TensorView* a, const TensorView* b) {
    const size_t sa = safetensors_dtype_size(a->dtype);
    const size_t sb = safetensors_dtype_size(b->dtype);
    return sa != sb ? sa > sb : a->name < b->name;
  });
  return order;
}

json header_json(const std::vector<const TensorView*>& order,
                 const std::map<std::string, std::string>& metadata) {
  json header = json::object();
  if (!metadata.empty()) header[std::string(kMetadataKey)] = metadata;
  size_t offset = 0;
  for (const TensorView* t : order) {
    const size_t end = offset + t->bytes.size();
    header[t->name] = {{"dtype", t->dtype}, {"shape", t->shape}, {"data_offsets", {offset, end}}};
    offset = end;
  }
  return header;
}

std::string padded(std::string text) {
  text.resize((text.size() + kHeaderAlignment - 1) / kHeaderAlignment * kHeaderAlignment, ' ');
  return text;
}

// kSha256Key's digest: the header as it is without that entry, then the data.
std::string file_sha256(json header, std::span<const std::byte> data) {
  const auto meta = header.find(kMetadataKey);
  if (meta != header.end()) {
    meta->erase(kSha256Key);
    if (meta->empty()) header.erase(meta);
  }
  const std::string text = header.dump();
  return sha256_hex({std::as_bytes(std::span(text)), data});
}

// ---- reading ----

struct Entry {
  std::string name;
  std::string dtype;
  std::vector<size_t> shape;
  uint64_t begin = 0;
  uint64_t end = 0;
};

class HeaderChecker {
 public:
  explicit HeaderChecker(const fs::path& path) : file_(path.string()) {}

  [[noreturn]] void fail(const std::string& what) const { throw InputError({file_, 0, 0}, what); }

  // The JSON header object and the data section that follows it.
  std::pair<json, std::span<const std::byte>> split(std::span<const std::byte> bytes) const {
    if (bytes.size() < kLengthBytes) {
      fail("file is " + std::to_string(bytes.size()) +
           " bytes, too short for the 8-byte header length");
    }
    const uint64_t length = read_le64(bytes);
    const size_t after_prefix = bytes.size() - kLengthBytes;
    if (length > after_prefix) {
      fail("header length " + std::to_string(length) + " exceeds the " +
           std::to_string(after_prefix) + " bytes after the length prefix");
    }
    const auto* text = reinterpret_cast<const char*>(bytes.data() + kLengthBytes);
    json header = parse_json(std::string_view(text, static_cast<size_t>(length)));
    if (!header.is_object()) fail("header is not a JSON object");
    return {std::move(header), bytes.subspan(kLengthBytes + static_cast<size_t>(length))};
  }

  std::map<std::string, std::string> metadata(const json& value) const {
    if (!value.is_object()) fail("\"__metadata__\" is not an object");
    std::map<std::string, std::string> out;
    for (const auto& [key, item] : value.items()) {
      if (!item.is_string()) fail("\"__metadata__\" value for \"" + key + "\" is not a string");
      out.emplace(key, item.get<std::string>());
    }
    return out;
  }

  Entry entry(const std::string& name, const json& value, size_t data_size) const {
    const std::string where = "tensor \"" + name + "\": ";
    if (name.empty()) fail("empty tensor name");
    if (!value.is_object()) fail(where + "entry is not an object");
    for (const auto& [key, unused] : value.items()) {
      if (key != "dtype" && key != "shape" && key != "data_offsets") {
        fail(where + "unknown field \"" + key + "\"");
      }
    }
    Entry e{name, dtype(where, field(where, value, "dtype")),
            sizes(where, field(where, value, "shape")), 0, 0};
    const json& offsets = field(where, value, "data_offsets");
    if (!offsets.is_array() || offsets.size() != 2 || !offsets[0].is_number_unsigned() ||
        !offsets[1].is_number_unsigned()) {
      fail(where + "\"data_offsets\" is not a pair of non-negative integers");
    }
    e.begin = offsets[0].get<uint64_t>();
    e.end = offsets[1].get<uint64_t>();
    const std::string range = "data_offsets " + range_text(e.begin, e.end);
    if (e.end < e.begin) fail(where + range + " end before they begin");
    if (e.end > data_size) {
      fail(where + range + " exceed the " + std::to_string(data_size) + "-byte data section");
    }
    const std::optional<size_t> needed = byte_count(e.shape, safetensors_dtype_size(e.dtype));
    if (needed != e.end - e.begin) {
      fail(where + "shape " + shape_text(e.shape) + " of " + e.dtype + " needs " +
           (needed ? std::to_string(*needed) : "too many") + " bytes, but " + range + " hold " +
           std::to_string(e.end - e.begin));
    }
    return e;
  }

  // The spec packs tensors back to back: no gaps, no overlaps, no trailing bytes.
  void check_layout(std::vector<Entry> entries, size_t data_size) const {
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
      return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
    });
    uint64_t covered = 0;
    const Entry* previous = nullptr;
    for (const Entry& e : entries) {
      if (e.begin < covered) {
        fail("tensor \"" + e.name + "\" data_offsets " + range_text(e.begin, e.end) +
             " overlap tensor \"" + previous->name + "\"");
      }
      if (e.begin > covered) {
        fail("data section bytes " + range_text(covered, e.begin) + " before tensor \"" + e.name +
             "\" belong to no tensor");
      }
      covered = e.end;
      previous = &e;
    }
    if (covered != data_size) {
      fail("data section has " + std::to_string(data_size) + " bytes, but the tensors cover " +
           std::to_string(covered));
    }
  }

 private:
  json parse_json(std::string_view text) const {
    std::set<std::string> keys;
    std::string duplicate;
    auto note_duplicates = [&](int depth, json::parse_event_t event, json& parsed) {
      if (depth == 1 && event == json::parse_event_t::key &&
          !keys.insert(parsed.get<std::string>()).second && duplicate.empty()) {
        duplicate = parsed.get<std::string>();
      }
      return true;
    };
    json header;
    try {
      header = json::parse(text, note_duplicates);
    } catch (const json::parse_error& e) {
      fail(std::string("header is not valid JSON: ") + e.what());
    } catch (const json::out_of_range& e) {  // valid syntax, but e.g. a number beyond a double
      fail(std::string("header holds a value out of range: ") + e.what());
    }
    if (!duplicate.empty()) fail("header names \"" + duplicate + "\" more than once");
    return header;
  }

  const json& field(const std::string& where, const json& entry, const char* key) const {
    const auto it = entry.find(key);
    if (it == entry.end()) fail(where + "missing \"" + key + "\"");
    return *it;
  }

  std::string dtype(const std::string& where, const json& value) const {
    if (!value.is_string()) fail(where + "\"dtype\" is not a string");
    std::string name = value.get<std::string>();
    if (safetensors_dtype_size(name) == 0) fail(where + "unknown dtype \"" + name + "\"");
    return name;
  }

  std::vector<size_t> sizes(const std::string& where, const json& value) const {
    if (!value.is_array()) fail(where + "\"shape\" is not an array");
    std::vector<size_t> out;
    for (const json& dim : value) {
      if (!dim.is_number_unsigned()) fail(where + "\"shape\" holds a non-integer or negative");
      out.push_back(dim.get<size_t>());
    }
    return out;
  }

  std::string file_;
};

}  // namespace

size_t safetensors_dtype_size(std::string_view dtype) {
  for (const DtypeInfo& info : kDtypes) {
    if (info.name == dtype) return info.size;
  }
  return 0;
}

std::string write_safetensors(const fs::path& path, const std::vector<TensorView>& tensors,
                              std::map<std::string, std::string> metadata) {
  check_writable(path, tensors);
  const std::vector<const TensorView*> order = data_order(tensors);
  std::string data;
  for (const TensorView* t : order) {
    data.append(reinterpret_cast<const char*>(t->bytes.data()), t->bytes.size());
  }
  metadata.erase(kSha256Key);
  const std::string checksum =
      file_sha256(header_json(order, metadata), std::as_bytes(std::span(data)));
  metadata[kSha256Key] = checksum;
  const std::string header = padded(header_json(order, metadata).dump());
  std::string file;
  append_le<uint64_t>(file, header.size());
  file += header;
  file += data;
  write_file_atomic(path, file.data(), file.size());
  return checksum;
}

SafetensorsFile::SafetensorsFile(const fs::path& path) : path_(path), file_(path) {
  const HeaderChecker checker(path);
  const auto [header, data] = checker.split(file_.bytes());
  std::vector<Entry> entries;
  for (const auto& [key, value] : header.items()) {
    if (key == kMetadataKey) {
      metadata_ = checker.metadata(value);
    } else {
      entries.push_back(checker.entry(key, value, data.size()));
    }
  }
  checker.check_layout(entries, data.size());
  if (const auto it = metadata_.find(kSha256Key); it != metadata_.end()) {
    if (file_sha256(header, data) != it->second) {
      checker.fail("the file does not match its SHA-256 (" + std::string(kSha256Key) +
                   "): it is corrupt or was edited");
    }
    sha256_ = it->second;
  }
  for (Entry& e : entries) {
    const auto bytes =
        data.subspan(static_cast<size_t>(e.begin), static_cast<size_t>(e.end - e.begin));
    tensors_.emplace(e.name, TensorView{e.name, std::move(e.dtype), std::move(e.shape), bytes});
  }
}

std::vector<std::string> SafetensorsFile::names() const {
  std::vector<std::string> out;
  for (const auto& [name, unused] : tensors_)
    out.push_back(name);
  return out;
}

bool SafetensorsFile::contains(std::string_view name) const {
  return tensors_.find(name) != tensors_.end();
}

const TensorView& SafetensorsFile::tensor(std::string_view name) const {
  const auto it = tensors_.find(name);
  if (it != tensors_.end()) return it->second;
  constexpr size_t kListed = 5;
  std::string present;
  size_t listed = 0;
  for (const auto& [other, unused] : tensors_) {
    if (listed == kListed) break;
    present += (listed++ > 0 ? ", " : "") + other;
  }
  if (tensors_.size() > kListed) {
    present += ", ... (" + std::to_string(tensors_.size()) + " in all)";
  }
  throw InputError({path_.string(), 0, 0}, "no tensor \"" + std::string(name) + "\" (has: " +
                                               (present.empty() ? "none" : present) + ")");
}

const TensorView& SafetensorsFile::checked(std::string_view name, std::string_view dtype,
                                           const std::vector<size_t>& expected_shape,
                                           size_t element_size, size_t alignment) const {
  if (safetensors_dtype_size(dtype) != element_size) {
    throw std::logic_error("SafetensorsFile::get: element type of size " +
                           std::to_string(element_size) + " cannot read dtype " +
                           std::string(dtype));
  }
  const TensorView& t = tensor(name);
  const std::string where = "tensor " + t.name + " has ";
  const SourcePos pos{path_.string(), 0, 0};
  if (t.dtype != dtype) {
    throw InputError(pos, where + "dtype " + t.dtype + ", expected " + std::string(dtype));
  }
  if (t.shape != expected_shape) {
    throw InputError(
        pos, where + "shape " + shape_text(t.shape) + ", expected " + shape_text(expected_shape));
  }
  if (reinterpret_cast<uintptr_t>(t.bytes.data()) % alignment != 0) {
    throw InputError(pos, "tensor " + t.name + " is not aligned to " + std::to_string(alignment) +
                              " bytes in the file");
  }
  return t;
}

}  // namespace cinerec
