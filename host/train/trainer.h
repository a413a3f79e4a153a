// The training loop: epochs of shuffled batches through a Backend, evaluation and a metrics line
// per epoch, checkpoints at epoch ends (and every N steps), and exact resumption.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "host/backend/backend.h"
#include "host/comm/communicator.h"
#include "host/config/config.h"
#include "host/data/dataset/dataset.h"

namespace cinerec {

struct TrainJob {
  Config config;
  const Dataset* data = nullptr;
  std::filesystem::path data_dir;
  std::filesystem::path run_dir;
  bool resume = false;
  std::vector<std::filesystem::path> inputs;  // besides data_dir (a --config file): never written
  std::string resume_command;                 // shown when a signal stops the run
  // The job's ranks (docs/distributed.md): each trains its part of every global batch, rank 0
  // alone writes the run directory. The backend must exchange gradients over the same world.
  Communicator* world = &SingleProcess::instance();
};

// Thrown on a NaN or infinite loss; the run directory keeps its last good checkpoint.
class DivergedError : public CollectiveError {
  using CollectiveError::CollectiveError;
};

// Trains to config.train.epochs. A fresh run refuses a run directory that already holds a
// checkpoint; a resumed one refuses a checkpoint made for other data or another config (the
// epoch count aside). In a job of several ranks every rank calls it; they first check that they
// run the same config, data and model (a mismatch is a CollectiveError on every rank).
void train(const TrainJob& job, Backend& backend);

}  // namespace cinerec
