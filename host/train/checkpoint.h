// A run's checkpoint: RUN/model.safetensors (one F32 tensor per named parameter, loadable by any
// safetensors reader), RUN/optimizer-STEP.safetensors (Adam moments) and RUN/state.json (config,
// dataset fingerprint, progress, randomness). model.safetensors is the commit point: it is
// renamed into place after the optimiser file it names (and whose checksum it records), and
// carries the state in its metadata, so a kill at any moment leaves either the old checkpoint or
// the new one. Every file carries the SHA-256 of its tensor data, verified on every load.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "host/backend/backend.h"
#include "host/model/param_layout.h"

namespace cinerec {

struct TrainProgress {
  uint64_t epochs_done = 0;     // completed epochs
  uint64_t batches_done = 0;    // batches of the current epoch already taken
  uint64_t global_step = 0;     // batches taken over the whole run
  double epoch_loss_sum = 0.0;  // squared errors of the current epoch so far
  uint64_t epoch_samples = 0;
};

struct RunInfo {
  std::string config_toml;  // the resolved config
  std::string dataset_path;
  std::string dataset_fingerprint;
  uint64_t seed = 0;
};

struct Checkpoint {
  ModelState state;
  TrainProgress progress;
  RunInfo info;
  std::string optimizer_sha256;  // read back: the data checksum its optimiser file must have
};

void save_checkpoint(const std::filesystem::path& run, const ParamLayout& layout,
                     const Checkpoint& checkpoint);

// Whether `name` is a file a checkpoint writes before its commit point (an optimiser file): what a
// run killed mid-checkpoint may leave beside no model.safetensors.
bool is_uncommitted_checkpoint_file(const std::string& name);

// The run's info and progress, from model.safetensors' metadata.
Checkpoint read_run_info(const std::filesystem::path& run);

// Everything, verified against `layout` (names, shapes), the files' checksums and finiteness.
// With `with_optimizer` false only the parameters are read (evaluation).
Checkpoint load_checkpoint(const std::filesystem::path& run, const ParamLayout& layout,
                           bool with_optimizer);

}  // namespace cinerec
