// An owning, typed device allocation. Out-of-memory errors say what was asked for and what is
// free, so a user can size the batch.
#pragma once

#include <cuda_runtime_api.h>

#include <atomic>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "cuda/cuda_check.h"

namespace cinerec::cuda {

// Bytes held by DeviceBuffers: now, and the most at any time (the benchmarks' peak memory, the
// counterpart of torch.cuda.max_memory_allocated).
struct DeviceMemory {
  static inline std::atomic<size_t> current{0}, peak{0};
  static void add(size_t bytes) {
    const size_t now = current += bytes;
    for (size_t p = peak; now > p && !peak.compare_exchange_weak(p, now);) {
    }
  }
  static void remove(size_t bytes) { current -= bytes; }
};

template <class T>
class DeviceBuffer {
 public:
  DeviceBuffer() = default;
  explicit DeviceBuffer(size_t count) : count_(count) {
    if (count == 0) return;
    const cudaError_t err = cudaMalloc(reinterpret_cast<void**>(&data_), count * sizeof(T));
    if (err == cudaErrorMemoryAllocation) {
      cudaGetLastError();
      size_t free_bytes = 0, total_bytes = 0;
      cudaMemGetInfo(&free_bytes, &total_bytes);
      throw std::runtime_error("GPU out of memory: asked for " + std::to_string(count * sizeof(T)) +
                               " bytes, " + std::to_string(free_bytes) + " of " +
                               std::to_string(total_bytes) + " free");
    }
    CINEREC_CUDA_CHECK(err);
    DeviceMemory::add(count * sizeof(T));
  }
  explicit DeviceBuffer(const std::vector<T>& host) : DeviceBuffer(host.size()) { upload(host); }
  ~DeviceBuffer() {
    if (data_ == nullptr) return;
    cudaFree(data_);
    DeviceMemory::remove(count_ * sizeof(T));
  }
  DeviceBuffer(DeviceBuffer&& o) noexcept
      : data_(std::exchange(o.data_, nullptr)), count_(std::exchange(o.count_, 0)) {}
  DeviceBuffer& operator=(DeviceBuffer&& o) noexcept {
    std::swap(data_, o.data_);
    std::swap(count_, o.count_);
    return *this;
  }
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;

  T* data() { return data_; }
  const T* data() const { return data_; }
  size_t size() const { return count_; }

  void upload(const std::vector<T>& host) {
    if (host.size() != count_) throw std::invalid_argument("DeviceBuffer::upload: size mismatch");
    if (count_ > 0) {
      CINEREC_CUDA_CHECK(
          cudaMemcpy(data_, host.data(), count_ * sizeof(T), cudaMemcpyHostToDevice));
      // From pageable memory cudaMemcpy may return before the data lands, and the legacy stream
      // it ran on does not order the non-blocking streams that read the buffer next.
      CINEREC_CUDA_CHECK(cudaStreamSynchronize(cudaStreamLegacy));
    }
  }
  // Waits for all the device's work first: the copy runs on the legacy stream, which does not
  // wait for the non-blocking streams that may still be writing the buffer.
  std::vector<T> download() const {
    std::vector<T> host(count_);
    CINEREC_CUDA_CHECK(cudaDeviceSynchronize());
    if (count_ > 0) {
      CINEREC_CUDA_CHECK(
          cudaMemcpy(host.data(), data_, count_ * sizeof(T), cudaMemcpyDeviceToHost));
    }
    return host;
  }

 private:
  T* data_ = nullptr;
  size_t count_ = 0;
};

// Queue a copy of `count` values on `stream` (nothing for none); the caller synchronises before
// reading the host side or reusing it.
template <class T>
void copy_to_device(T* to, const T* from, size_t count, cudaStream_t stream) {
  if (count == 0) return;
  CINEREC_CUDA_CHECK(cudaMemcpyAsync(to, from, count * sizeof(T), cudaMemcpyHostToDevice, stream));
}
template <class T>
void copy_to_host(T* to, const T* from, size_t count, cudaStream_t stream) {
  if (count == 0) return;
  CINEREC_CUDA_CHECK(cudaMemcpyAsync(to, from, count * sizeof(T), cudaMemcpyDeviceToHost, stream));
}

}  // namespace cinerec::cuda
