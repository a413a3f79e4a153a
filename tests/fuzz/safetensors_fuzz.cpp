// safetensors files as they are: the input is the file. Whatever SafetensorsFile accepts is read
// tensor by tensor, then written back with write_safetensors and opened again: the writer must
// take every file the reader accepts, and the copy must hold the same tensors and metadata.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "host/common/input_error.h"
#include "host/common/safetensors.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/fuzz_targets.h"
#include "tests/fuzz/temp_dir.h"

namespace cinerec::fuzz {
namespace {

bool same_tensor(const TensorView& a, const TensorView& b) {
  return a.name == b.name && a.dtype == b.dtype && a.shape == b.shape &&
         std::equal(a.bytes.begin(), a.bytes.end(), b.bytes.begin(), b.bytes.end());
}

// A tensor the file says is F32 reads as floats, or is refused for its alignment.
void read_floats(const SafetensorsFile& file, const TensorView& t) {
  if (t.dtype != "F32") return;
  try {
    const auto values = file.get<float>(t.name, "F32", t.shape);
    check(values.size_bytes() == t.bytes.size(), "get() spans the whole tensor");
  } catch (const InputError&) {  // not aligned to 4 bytes in the file
  }
}

}  // namespace

void safetensors(std::string_view input) {
  const std::filesystem::path& dir = fresh_input_dir();
  write_file(dir / "input.safetensors", input);
  std::optional<SafetensorsFile> file;
  try {
    file.emplace(dir / "input.safetensors");
  } catch (const InputError&) {
    return;
  }
  std::vector<TensorView> tensors;
  for (const std::string& name : file->names()) {
    const TensorView& t = file->tensor(name);
    check(t.name == name && file->contains(name), "tensors are found by their names");
    const size_t element = safetensors_dtype_size(t.dtype);
    check(element != 0 && t.bytes.size() % element == 0, "tensors hold whole known elements");
    read_floats(*file, t);
    tensors.push_back(t);
  }
  write_safetensors(dir / "copy.safetensors", tensors, file->metadata());
  const SafetensorsFile copy(dir / "copy.safetensors");
  // The copy carries its data checksum, whether or not the original did.
  auto metadata = file->metadata();
  metadata[kSha256Key] = copy.sha256();
  check(copy.names() == file->names() && copy.metadata() == metadata && !copy.sha256().empty(),
        "a written copy has the same names and metadata, and its checksum");
  for (const TensorView& t : tensors)
    check(same_tensor(copy.tensor(t.name), t), "a written copy has the same tensors");
}

}  // namespace cinerec::fuzz
