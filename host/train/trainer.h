// The training loop: epochs of shuffled batches through a Backend, evaluation and a metrics line
// per epoch, checkpoints at epoch ends (and every N steps), and exact resumption.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "host/backend/backend.h"
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
};

// Thrown on a NaN or infinite loss; the run directory keeps its last good checkpoint.
class DivergedError : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Trains to config.train.epochs. A fresh run refuses a run directory that already holds a
// checkpoint; a resumed one refuses a checkpoint made for other data or another config (the
// epoch count aside).
void train(const TrainJob& job, Backend& backend);

}  // namespace cinerec
