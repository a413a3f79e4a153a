// The only place that maps a device name to a backend: "cpu", and in CUDA builds "cuda" or
// "cuda:N". Lives above both backends (library cinerec_runtime), so neither depends on the other.
#pragma once

#include <memory>
#include <string>

#include "host/backend/backend.h"
#include "host/comm/communicator.h"
#include "host/config/config.h"

namespace cinerec {

// Throws std::invalid_argument for a device this build cannot train on, naming the ones it can,
// and refuses a model too large for the device's memory with batches of up to `batch_rows`
// (0: the larger of a training batch, ranking rows included, and train.eval_batch_size). The
// backend exchanges its gradients over `world`; with train.threads = 0, ranks on one node share its
// cores.
std::unique_ptr<Backend> make_backend(const std::string& device, const ModelSpec& spec,
                                      const Config& config, size_t batch_rows = 0,
                                      Communicator& world = SingleProcess::instance());

// "cuda" for "cuda" and "cuda:N", else the name: what the ranks of a job must agree on (they may
// run on different GPUs, not on a GPU and a CPU: the CUDA ranks exchange gradients over NCCL).
std::string device_kind(const std::string& device);

// The most rows a batch of training or evaluation on `data` can have: the batch sizes, capped by
// what the dataset holds.
size_t batch_rows(const Config& config, const Dataset& data);

// The GPU of "cuda:N" (N), or of "cuda": this rank's index on its node modulo the GPUs it sees,
// so that the ranks of a job on a node of several GPUs take one each, and a rank that a launcher
// gave one GPU of its own (Slurm's --gpus-per-task, CUDA_VISIBLE_DEVICES) takes that one, 0.
// std::invalid_argument for anything else.
int cuda_ordinal(const std::string& device, int local_rank, int visible_gpus);
// cuda_ordinal for this process: its launch environment's local rank and the GPUs the CUDA
// runtime shows it.
int cuda_ordinal(const std::string& device);

}  // namespace cinerec
