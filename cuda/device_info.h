// What the CUDA runtime sees: the GPUs and the versions of the libraries cinerec links.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace cinerec::cuda {

struct GpuInfo {
  int index = 0;
  std::string name;
  int compute_major = 0;
  int compute_minor = 0;
  int multiprocessors = 0;
  size_t total_bytes = 0;
  size_t free_bytes = 0;
};

// The visible GPUs; empty (with `why_none` set) when there is no device or no driver.
std::vector<GpuInfo> list_gpus(std::string* why_none);

struct LibraryVersions {
  int cuda_runtime = 0;  // e.g. 13000
  int cuda_driver = 0;   // 0 when no driver is installed
  int cublas = 0;
  size_t cudnn = 0;
  int nccl = 0;
};

// Queries each library; needs no GPU.
LibraryVersions library_versions();

}  // namespace cinerec::cuda
