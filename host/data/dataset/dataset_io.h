// The on-disk dataset directory: one raw little-endian file per array (ARRAY.bin, directly
// memory-mappable, e.g. with numpy.memmap) and manifest.json describing each array's dtype, shape
// and SHA-256 alongside the counts, vocabulary sizes, source format and split.
#pragma once

#include <filesystem>
#include <string>

#include "host/common/output_policy.h"
#include "host/data/dataset/dataset.h"

namespace cinerec {

inline constexpr int kDatasetFormatVersion = 1;
inline constexpr const char* kDatasetFormatName = "cinerec-dataset";

// Writes the directory atomically (staged, then renamed into place) under `policy`, which gets
// dataset_marker() added.
void write_dataset(const Dataset& dataset, const std::filesystem::path& dir, OutputPolicy policy);

// What marks a dataset directory: its manifest.json says "format": "cinerec-dataset".
OutputMarker dataset_marker();

// Memory-maps a dataset directory; verifies the format version and every array's size and
// SHA-256, refusing a mismatch with a message naming the file.
Dataset load_dataset(const std::filesystem::path& dir);

// SHA-256 of a dataset's manifest.json: identifies the exact data a model was trained on.
std::string dataset_fingerprint(const std::filesystem::path& dir);

}  // namespace cinerec
