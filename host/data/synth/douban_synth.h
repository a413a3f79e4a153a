// Generates a Douban-shaped data set (the paper's three tables) with planted structure a model
// can learn, and records the generating parameters and the Bayes-floor MSE in synth.json.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "host/common/output_policy.h"

namespace cinerec {

struct SynthOptions {
  size_t users = 5200;
  size_t movies = 140000;
  size_t ratings = 1040000;
  uint64_t seed = 1;
};

// Writes movies.csv, ratings.csv, users.csv and synth.json into `out` atomically (a staged
// directory renamed into place; `policy` gets the marker synth.json, "generator": "cinerec
// synth", added). Returns the synth.json contents.
nlohmann::json synthesize_douban(const SynthOptions& options, const std::filesystem::path& out,
                                 OutputPolicy policy);

}  // namespace cinerec
