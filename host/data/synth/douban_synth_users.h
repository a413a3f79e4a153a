// Synthetic users: demographics in the paper's coding and a latent taste built from them, so
// demographic embeddings carry part of the signal and the user id the rest.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "host/common/rng.h"

namespace cinerec::synth {

struct SynthUsers {
  std::vector<char> gender;   // 'F' or 'M'
  std::vector<uint8_t> age;   // 1, 18, 25, 35, 45, 50 or 56
  std::vector<uint8_t> job;   // 0..20
  std::vector<double> taste;  // users x dim, row-major
  std::vector<double> bias;   // unscaled
};

SynthUsers generate_users(size_t count, size_t dim, Rng& rng);

nlohmann::json user_parameters();

}  // namespace cinerec::synth
