// Durability of a rename: the file's data and the directory entry both reach the disk.
#pragma once

#include <filesystem>

namespace cinerec {

// fsyncs a file or directory by path.
void fsync_path(const std::filesystem::path& path);
// fsyncs the directory holding `path` (".", for a bare name).
void fsync_parent(const std::filesystem::path& path);

}  // namespace cinerec
