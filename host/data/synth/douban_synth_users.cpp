#include "host/data/synth/douban_synth_users.h"

#include <array>
#include <span>

#include "host/data/synth/douban_synth_draw.h"

namespace cinerec::synth {
namespace {

constexpr std::array<uint8_t, 7> kAges = {1, 18, 25, 35, 45, 50, 56};
constexpr std::array<double, 7> kAgeWeights = {0.04, 0.18, 0.35, 0.20, 0.09, 0.08, 0.06};
constexpr double kFemaleShare = 0.42;
constexpr size_t kJobs = 21;

// Taste w_u and bias b_u mix shared demographic parts with an individual part.
struct Mix {
  double age, gender, job, own;
};
constexpr Mix kTaste = {0.6, 0.4, 0.5, 0.8};
constexpr Mix kBias = {0.5, 0.3, 0.2, 0.8};

struct Demographic {
  std::vector<double> taste;  // values x dim
  std::vector<double> bias;   // values
};

Demographic demographic(size_t values, size_t dim, Rng& rng) {
  return {normal_vectors(values, dim, rng), normal_vectors(values, 1, rng)};
}

std::span<const double> row(const std::vector<double>& m, size_t i, size_t dim) {
  return std::span<const double>(m).subspan(i * dim, dim);
}

}  // namespace

SynthUsers generate_users(size_t count, size_t dim, Rng& rng) {
  const Categorical age_draw({kAgeWeights.begin(), kAgeWeights.end()});
  const Demographic age = demographic(kAges.size(), dim, rng);
  const Demographic gender = demographic(2, dim, rng);
  const Demographic job = demographic(kJobs, dim, rng);
  SynthUsers users;
  users.taste = normal_vectors(count, dim, rng);
  for (double& x : users.taste) {
    x *= kTaste.own;
  }
  for (size_t u = 0; u < count; ++u) {
    const size_t a = age_draw.draw(rng);
    const size_t g = rng.uniform() < kFemaleShare ? 0 : 1;
    const size_t j = rng.below(kJobs);
    users.age.push_back(kAges[a]);
    users.gender.push_back(g == 0 ? 'F' : 'M');
    users.job.push_back(static_cast<uint8_t>(j));
    const std::span<double> taste = std::span<double>(users.taste).subspan(u * dim, dim);
    add_scaled(taste, row(age.taste, a, dim), kTaste.age);
    add_scaled(taste, row(gender.taste, g, dim), kTaste.gender);
    add_scaled(taste, row(job.taste, j, dim), kTaste.job);
    users.bias.push_back(kBias.age * age.bias[a] + kBias.gender * gender.bias[g] +
                         kBias.job * job.bias[j] + kBias.own * rng.normal());
  }
  return users;
}

nlohmann::json user_parameters() {
  const auto mix = [](const Mix& m) {
    return nlohmann::json{{"age", m.age}, {"gender", m.gender}, {"job", m.job}, {"own", m.own}};
  };
  return {{"ages", kAges}, {"age_weights", kAgeWeights}, {"female_share", kFemaleShare},
          {"jobs", kJobs}, {"taste_mix", mix(kTaste)},   {"bias_mix", mix(kBias)}};
}

}  // namespace cinerec::synth
