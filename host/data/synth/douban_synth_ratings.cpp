#include "host/data/synth/douban_synth_ratings.h"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "host/data/synth/douban_synth_draw.h"
#include "host/data/synth/douban_synth_pairs.h"

namespace cinerec::synth {
namespace {

constexpr double kRepeatShare = 0.003;
constexpr double kMu = 3.5;
constexpr double kSigma = 0.85;
constexpr SignalScales kTargetSpread = {0.45, 0.5, 0.75};  // standard deviations over rows
constexpr Histogram kTargetHistogram = {0.04, 0.10, 0.36, 0.31, 0.19};
constexpr int64_t kFirstTime = 1104537600;  // 2005-01-01 00:00:00 UTC
constexpr int64_t kLastTime = 1577836799;   // 2019-12-31 23:59:59 UTC

// The unscaled parts of each row's latent mean.
struct LatentParts {
  std::vector<double> user_bias, movie_bias, interaction;
};

LatentParts latent_parts(const std::vector<RatingPair>& pairs, const SynthUsers& users,
                         const SynthMovies& movies, size_t dim) {
  LatentParts parts;
  parts.user_bias.reserve(pairs.size());
  parts.movie_bias.reserve(pairs.size());
  parts.interaction.reserve(pairs.size());
  for (const RatingPair& p : pairs) {
    parts.user_bias.push_back(users.bias[p.user]);
    parts.movie_bias.push_back(movies.bias[p.movie]);
    double dot = 0.0;
    for (size_t k = 0; k < dim; ++k) {
      dot += users.taste[p.user * dim + k] * movies.factor[p.movie * dim + k];
    }
    parts.interaction.push_back(dot);
  }
  return parts;
}

// The multiplier that gives `values` the standard deviation `target` (1 when they are constant).
double scale_to(const std::vector<double>& values, double target) {
  double mean = 0.0;
  for (double v : values) {
    mean += v;
  }
  mean /= static_cast<double>(values.size());
  double square = 0.0;
  for (double v : values) {
    square += (v - mean) * (v - mean);
  }
  const double sd = std::sqrt(square / static_cast<double>(values.size()));
  return sd > 0.0 ? target / sd : 1.0;
}

// Appends copies of `repeats` distinct pairs; returns the indices of their originals.
std::vector<size_t> append_repeats(std::vector<RatingPair>& pairs, size_t repeats, Rng& rng) {
  std::vector<size_t> originals = distinct_indices(pairs.size(), repeats, rng);
  for (size_t i : originals) {
    pairs.push_back(pairs[i]);
  }
  return originals;
}

// Distinct pairs get a time with room after it; each repeat comes later than its original.
std::vector<int64_t> timestamps(size_t distinct, const std::vector<size_t>& originals, Rng& rng) {
  std::vector<int64_t> t;
  t.reserve(distinct + originals.size());
  for (size_t i = 0; i < distinct; ++i) {
    t.push_back(kFirstTime + static_cast<int64_t>(rng.below(kLastTime - kFirstTime)));
  }
  for (size_t i : originals) {
    t.push_back(t[i] + 1 +
                static_cast<int64_t>(rng.below(static_cast<uint64_t>(kLastTime - t[i]))));
  }
  return t;
}

Histogram histogram(const std::vector<RatingRow>& rows) {
  Histogram h{};
  for (const RatingRow& r : rows) {
    h[r.rating - 1] += 1.0;
  }
  for (double& share : h) {
    share /= static_cast<double>(rows.size());
  }
  return h;
}

double variance_of_ratings(const std::vector<RatingRow>& rows) {
  double sum = 0.0, square = 0.0;
  for (const RatingRow& r : rows) {
    sum += r.rating;
    square += r.rating * r.rating;
  }
  const double n = static_cast<double>(rows.size());
  return std::max(0.0, square / n - (sum / n) * (sum / n));
}

}  // namespace

SynthRatings generate_ratings(const SynthUsers& users, const SynthMovies& movies, size_t count,
                              size_t dim, Rng& rng) {
  SynthRatings out;
  out.repeated_pairs = static_cast<size_t>(static_cast<double>(count) * kRepeatShare);
  const size_t distinct = count - out.repeated_pairs;
  std::vector<RatingPair> pairs =
      sample_rating_pairs(users.bias.size(), movies.bias.size(), distinct, rng);
  const std::vector<size_t> originals = append_repeats(pairs, out.repeated_pairs, rng);

  const LatentParts parts = latent_parts(pairs, users, movies, dim);
  out.scales = {scale_to(parts.user_bias, kTargetSpread.user_bias),
                scale_to(parts.movie_bias, kTargetSpread.movie_bias),
                scale_to(parts.interaction, kTargetSpread.interaction)};
  std::vector<double> mean(count), y(count);
  for (size_t i = 0; i < count; ++i) {
    mean[i] = kMu + out.scales.user_bias * parts.user_bias[i] +
              out.scales.movie_bias * parts.movie_bias[i] +
              out.scales.interaction * parts.interaction[i];
    y[i] = mean[i] + kSigma * rng.normal();
  }
  out.cuts = cut_points_at_quantiles(y, kTargetHistogram);

  const std::vector<int64_t> times = timestamps(distinct, originals, rng);
  double floor_sum = 0.0;
  out.rows.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    const auto rating = static_cast<uint8_t>(ordinal_rating(y[i], out.cuts));
    out.rows.push_back({times[i], pairs[i].user, pairs[i].movie, rating});
    floor_sum += ordinal_moments(mean[i], kSigma, out.cuts).variance;
  }
  out.bayes_floor_mse = floor_sum / static_cast<double>(count);
  std::sort(out.rows.begin(), out.rows.end(), [](const RatingRow& a, const RatingRow& b) {
    return std::tie(a.timestamp, a.user, a.movie) < std::tie(b.timestamp, b.user, b.movie);
  });
  out.realised = histogram(out.rows);
  out.global_mean_mse = variance_of_ratings(out.rows);
  return out;
}

nlohmann::json rating_parameters() {
  return {{"mu", kMu},
          {"sigma", kSigma},
          {"repeat_share", kRepeatShare},
          {"target_spread",
           {{"user_bias", kTargetSpread.user_bias},
            {"movie_bias", kTargetSpread.movie_bias},
            {"interaction", kTargetSpread.interaction}}},
          {"first_timestamp", kFirstTime},
          {"last_timestamp", kLastTime},
          {"activity", pair_parameters()}};
}

const Histogram& target_histogram() {
  return kTargetHistogram;
}

}  // namespace cinerec::synth
