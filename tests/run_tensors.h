// A run's model.safetensors as its tensors' bytes by name: what "bitwise the same model"
// compares (the file's metadata carries timings, which differ).
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "host/common/safetensors.h"

namespace cinerec::testing {

inline std::map<std::string, std::vector<std::byte>> run_tensors(const std::filesystem::path& run) {
  const SafetensorsFile file(run / "model.safetensors");
  std::map<std::string, std::vector<std::byte>> out;
  for (const auto& name : file.names()) {
    const auto bytes = file.tensor(name).bytes;
    out[name].assign(bytes.begin(), bytes.end());
  }
  return out;
}

}  // namespace cinerec::testing
