#include "cuda/gradient_exchange.h"

#include <stdexcept>

namespace cinerec::cuda {

GradientExchange::GradientExchange(Communicator& world) : nccl_(world) {}

bool GradientExchange::reserve(const std::vector<size_t>& padded) {
  bool moved = tables_.size() != padded.size();
  tables_.resize(padded.size());
  const auto ranks = static_cast<size_t>(nccl_.size());
  for (size_t t = 0; t < padded.size(); ++t) {
    Table& table = tables_[t];
    if (table.mine.size() < padded[t]) {
      table.mine = DeviceBuffer<uint32_t>(padded[t]);
      table.gathered = DeviceBuffer<uint32_t>(padded[t] * ranks);
      moved = true;
    }
    moved |= table.united.reserve(padded[t] * ranks);
  }
  return moved;
}

void GradientExchange::sum(float* grads, size_t n, cudaStream_t stream) {
  nccl_.sum(grads, n, stream);
}

std::vector<TouchedRows> GradientExchange::union_of(const std::vector<TouchedRows>& local,
                                                    const std::vector<size_t>& padded,
                                                    cudaStream_t stream) {
  if (local.size() != tables_.size() || padded.size() != tables_.size())
    throw std::logic_error("GradientExchange::union_of: tables that were not reserved");
  const auto ranks = static_cast<size_t>(nccl_.size());
  std::vector<TouchedRows> united;
  for (size_t t = 0; t < local.size(); ++t) {
    Table& table = tables_[t];
    if (local[t].count > padded[t] || table.mine.size() < padded[t])
      throw std::logic_error("GradientExchange::union_of: a row list longer than reserved");
    // All ones is kPadRow (kernels/row_list.cuh): entries past this rank's list are padding.
    CINEREC_CUDA_CHECK(
        cudaMemsetAsync(table.mine.data(), 0xFF, padded[t] * sizeof(uint32_t), stream));
    if (local[t].count > 0) {
      CINEREC_CUDA_CHECK(cudaMemcpyAsync(table.mine.data(), local[t].rows,
                                         local[t].count * sizeof(uint32_t),
                                         cudaMemcpyDeviceToDevice, stream));
    }
    nccl_.gather(table.mine.data(), table.gathered.data(), padded[t], stream);
    table.united.sort(table.gathered.data(), padded[t] * ranks, stream);
    united.push_back({local[t].table, table.united.rows(), padded[t] * ranks});
  }
  return united;
}

}  // namespace cinerec::cuda
