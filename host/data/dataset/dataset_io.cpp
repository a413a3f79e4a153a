#include "host/data/dataset/dataset_io.h"

#include <fstream>
#include <stdexcept>

#include "host/common/atomic_file.h"
#include "host/common/mapped_file.h"
#include "host/common/regular_file.h"
#include "host/common/sha256.h"
#include "host/common/staged_dir.h"
#include "host/data/dataset/manifest_counts.h"

namespace cinerec {
namespace fs = std::filesystem;
namespace {

// Already says which dataset and why; other errors get wrapped into one.
class DatasetRefused : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

[[noreturn]] void refuse(const fs::path& dir, const std::string& why) {
  throw DatasetRefused("dataset " + dir.string() + " refused: " + why);
}

nlohmann::json read_manifest(const fs::path& dir) {
  const fs::path path = dir / "manifest.json";
  if (!fs::exists(path)) refuse(dir, "no manifest.json (is this a `cinerec prepare` output?)");
  nlohmann::json manifest;
  try {
    manifest = nlohmann::json::parse(read_regular_file(path));
  } catch (const nlohmann::json::exception& e) {  // bad syntax, or a number beyond a double
    refuse(dir, std::string("manifest.json is not valid JSON: ") + e.what());
  }
  if (!manifest.is_object()) refuse(dir, "manifest.json is not a JSON object");
  if (manifest.value("format", "") != kDatasetFormatName) {
    refuse(dir, std::string("manifest.json does not describe a ") + kDatasetFormatName);
  }
  const int version = manifest.value("version", -1);
  if (version != kDatasetFormatVersion) {
    refuse(dir, "format version " + std::to_string(version) + ", but this cinerec reads version " +
                    std::to_string(kDatasetFormatVersion) + "; re-run `cinerec prepare`");
  }
  return manifest;
}

ArrayInfo load_array(const fs::path& dir, const std::string& name, const nlohmann::json& entry) {
  const fs::path file = dir / (name + ".bin");
  auto mapping = std::make_shared<MappedFile>(file);
  ArrayInfo info;
  info.dtype = dtype_from_name(entry.at("dtype").get<std::string>());
  info.shape = entry.at("shape").get<std::vector<size_t>>();
  info.bytes = mapping->bytes();
  const size_t expected =
      array_bytes(info.dtype, info.shape, "manifest.json arrays." + name + ".shape");
  if (info.bytes.size() != expected) {
    refuse(dir, file.filename().string() + " has " + std::to_string(info.bytes.size()) +
                    " bytes, manifest.json says " + std::to_string(expected));
  }
  if (sha256_hex(info.bytes.data(), info.bytes.size()) != entry.at("sha256").get<std::string>()) {
    refuse(dir,
           file.filename().string() + " does not match its SHA-256 in manifest.json (corrupt)");
  }
  info.keepalive = std::move(mapping);
  return info;
}

}  // namespace

void write_dataset(const Dataset& dataset, const fs::path& dir, OutputPolicy policy) {
  policy.marker = dataset_marker();
  StagedDir staged(dir, policy);
  nlohmann::json manifest = dataset.manifest();
  manifest["format"] = kDatasetFormatName;
  manifest["version"] = kDatasetFormatVersion;
  nlohmann::json& arrays = manifest["arrays"] = nlohmann::json::object();
  for (const auto& [name, info] : dataset.store().arrays()) {
    write_file_atomic(staged.path() / (name + ".bin"), info.bytes.data(), info.bytes.size());
    arrays[name] = {{"dtype", dtype_name(info.dtype)},
                    {"shape", info.shape},
                    {"sha256", sha256_hex(info.bytes.data(), info.bytes.size())}};
  }
  const std::string text = manifest.dump(2) + "\n";
  write_file_atomic(staged.path() / "manifest.json", text.data(), text.size());
  staged.commit();
}

OutputMarker dataset_marker() {
  return {"manifest.json", "format", kDatasetFormatName};
}

Dataset load_dataset(const fs::path& dir) {
  nlohmann::json manifest = read_manifest(dir);
  ArrayStore store;
  try {
    for (const auto& [name, entry] : manifest.at("arrays").items()) {
      store.put_raw(name, load_array(dir, name, entry));
    }
    Dataset dataset(std::move(store), std::move(manifest));
    check_manifest_counts(dataset);
    return dataset;
  } catch (const nlohmann::json::exception& e) {
    refuse(dir, std::string("manifest.json is malformed: ") + e.what());
  } catch (const DatasetRefused&) {
    throw;
  } catch (const std::exception& e) {
    refuse(dir, e.what());
  }
}

std::string dataset_fingerprint(const fs::path& dir) {
  return sha256_hex(read_regular_file(dir / "manifest.json"));
}

}  // namespace cinerec
