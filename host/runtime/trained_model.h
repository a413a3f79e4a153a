// A finished (or checkpointed) run opened for inference: its config, its dataset (verified to be
// the one it was trained on) and a backend holding its parameters.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "host/backend/backend.h"
#include "host/comm/rank_agreement.h"
#include "host/config/config.h"
#include "host/data/dataset/dataset.h"

namespace cinerec {

struct TrainedModel {
  Config config;
  std::filesystem::path run_dir;
  std::filesystem::path data_dir;  // where its dataset was opened
  Dataset data;
  std::unique_ptr<Backend> backend;
};

// Opens `run` on `device`. Its dataset is the one recorded at training time, or `data_dir` when
// given (a dataset that moved); either way its fingerprint must be the one trained on.
TrainedModel open_trained_model(const std::filesystem::path& run, const std::string& device,
                                const std::filesystem::path& data_dir = {});

// Across ranks (a collective): throws CollectiveError, naming the ranks and what differs, unless
// every rank opened the same parameters on the same dataset and holds the same `also` (the
// arguments that shape a command's output): ranks started with other arguments (MPMD) would
// otherwise write one file from different models.
void check_ranks_hold_same_model(Communicator& world, const TrainedModel& model,
                                 std::vector<AgreedValue> also = {});

}  // namespace cinerec
